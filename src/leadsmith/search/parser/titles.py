"""Job titles, seniorities and departments: "founders", "VP of Sales", "CTOs",
"heads of growth", "senior data scientists", "sales leaders", "director and above"."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from leadsmith.search.parser.technologies import technology_at
from leadsmith.search.parser.text import PhraseIndex, Prompt, fold, with_plurals
from leadsmith.taxonomy import DEPARTMENTS, SENIORITIES, TECHNOLOGIES
from leadsmith.taxonomy.roles import (
    AND_ABOVE_WORDS,
    DIRECT_FUNCTION_HEADS,
    FOUNDER_MODIFIERS,
    FUNCTION_WORDS,
    IRREGULAR_PLURALS,
    OF_HEADS,
    SENIORITY_GROUPS,
    SENIORITY_MODIFIERS,
    SENIORITY_SYNONYMS,
    TITLE_HEADS,
    FunctionWord,
    TitleHead,
)

# Heads that are not a title on their own: "heads of growth" yes, "heads" or "leads" no.
_NEED_QUALIFIER = frozenset({"head", "lead"})
# Heads written only in capitals ("AEs", not "ae").
_CASED_HEADS = {"ae": "AE"}
_SEPARATORS = frozenset({"and", "or", "&", "/"})


@dataclass
class TitleMatch:
    """What one title phrase says; `titles` empty for "sales leaders" or "C-level"."""

    start: int
    end: int
    titles: list[str] = field(default_factory=list)
    seniorities: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)


@dataclass
class _Modifiers:
    """The words before a head: seniority modifiers and groups of function words."""

    seniority: list[tuple[str, str | None]] = field(default_factory=list)
    founder: list[str] = field(default_factory=list)
    groups: list[list[tuple[str, FunctionWord | None]]] = field(default_factory=lambda: [[]])
    separators: list[str] = field(default_factory=list)
    has_tech: bool = False

    @property
    def has_functions(self) -> bool:
        return any(fw is not None for group in self.groups for _, fw in group)

    @property
    def empty(self) -> bool:
        return not (self.seniority or self.founder or any(self.groups))


@lru_cache(maxsize=1)
def _heads() -> PhraseIndex[tuple[str, TitleHead]]:
    index: PhraseIndex[tuple[str, TitleHead]] = PhraseIndex()
    for phrase, head in TITLE_HEADS.items():
        for form in with_plurals(phrase):
            index.add(form, (phrase, head))
    for plural_form, singular in IRREGULAR_PLURALS.items():
        index.add(plural_form, (singular, TITLE_HEADS[singular]), overwrite=True)
    return index


@lru_cache(maxsize=1)
def _seniority_modifiers() -> PhraseIndex[tuple[str, str | None]]:
    index: PhraseIndex[tuple[str, str | None]] = PhraseIndex()
    for phrase, value in SENIORITY_MODIFIERS.items():
        index.add(phrase, value)
    return index


@lru_cache(maxsize=1)
def _founder_modifiers() -> PhraseIndex[str]:
    index: PhraseIndex[str] = PhraseIndex()
    for phrase, display in FOUNDER_MODIFIERS.items():
        index.add(phrase, display)
    return index


@lru_cache(maxsize=1)
def function_index() -> PhraseIndex[FunctionWord]:
    """Function words ("sales", "customer success", "R&D") -> their department."""
    index: PhraseIndex[FunctionWord] = PhraseIndex()
    for phrase, word in FUNCTION_WORDS.items():
        index.add(phrase, word)
    return index


@lru_cache(maxsize=1)
def _groups() -> PhraseIndex[tuple[str, ...]]:
    index: PhraseIndex[tuple[str, ...]] = PhraseIndex()
    for phrase, seniorities in SENIORITY_GROUPS.items():
        for form in with_plurals(phrase):
            index.add(form, seniorities)
    for prefix in ("c-level", "c level", "c-suite", "c suite"):
        for noun in ("executive", "executives", "exec", "execs", "leader", "leaders"):
            index.add(f"{prefix} {noun}", ("c_suite",))
    return index


@lru_cache(maxsize=1)
def _and_above() -> PhraseIndex[bool]:
    index: PhraseIndex[bool] = PhraseIndex()
    for words in AND_ABOVE_WORDS:
        index.add(tuple(words), True)
    return index


def _function_at(
    prompt: Prompt, i: int, *, after_chief: bool = False
) -> tuple[int, FunctionWord] | None:
    hit = function_index().match(prompt.tokens, i)
    if hit is None:
        return None
    word = hit[1]
    if word.case is not None and not prompt.tokens[i].text.startswith(word.case):
        return None
    if word.chief_only and not after_chief:
        return None
    return hit


def _head_at(prompt: Prompt, i: int) -> tuple[int, str, TitleHead] | None:
    hit = _heads().match(prompt.tokens, i)
    if hit is None:
        return None
    n, (key, head) = hit
    cased = _CASED_HEADS.get(key)
    if cased is not None and not prompt.tokens[i].text.startswith(cased):
        return None
    return n, key, head


def is_head_word(prompt: Prompt, i: int) -> bool:
    """Whether token i starts a title head ("founder", "developer", "VP")."""
    return _head_at(prompt, i) is not None


def is_title_word(prompt: Prompt, i: int) -> bool:
    """Whether token i starts a title head or a function word (for clause boundaries)."""
    return _head_at(prompt, i) is not None or _function_at(prompt, i) is not None


def title_at(prompt: Prompt, i: int) -> TitleMatch | None:
    """The title phrase starting at token i, or None."""
    mods, k = _read_modifiers(prompt, i)
    if prompt.key(k) == "chief" and (chief := _chief_officer(prompt, i, k, mods)):
        return chief
    head = _head_at(prompt, k)
    group_hit = _groups().match(prompt.tokens, k)
    if head is None or (group_hit is not None and group_hit[0] > head[0]):
        return _group_at(prompt, i, k, mods)  # "VP-level", "C-level execs"
    n, key, info = head
    if not _modifiers_fit(info, mods):
        return None
    end = k + n
    of_groups: list[list[tuple[str, FunctionWord | None]]] = []
    joiner = " of "
    if key in OF_HEADS and prompt.key(end) in ("of", "for") and _function_at(prompt, end + 1):
        of_groups, end = _read_function_list(prompt, end + 1)
    elif key in DIRECT_FUNCTION_HEADS and not mods.has_functions and _function_at(prompt, end):
        of_groups, end = _read_function_list(prompt, end)
        joiner = " "
    if key in _NEED_QUALIFIER and not of_groups and mods.empty:
        return None
    above = _and_above().match(prompt.tokens, end)
    if (
        above is not None
        and info.seniority is not None
        and not of_groups
        and not mods.has_functions
    ):
        return TitleMatch(i, end + above[0], seniorities=_and_above_seniorities(info.seniority))
    match = TitleMatch(i, end)
    prefix = [display for display, _ in mods.seniority] + mods.founder
    if of_groups:
        for group in of_groups:
            words = " ".join(display for display, _ in group)
            match.titles.append(" ".join([*prefix, info.display]) + joiner + words)
    else:
        for group in mods.groups or [[]]:
            match.titles.append(
                " ".join([*prefix, *(display for display, _ in group), info.display])
            )
    seniority = info.seniority or next((s for _, s in mods.seniority if s), None)
    if seniority:
        match.seniorities.append(seniority)
    for group in [*mods.groups, *of_groups]:
        for _, word in group:
            if word is not None and word.department and word.department not in match.departments:
                match.departments.append(word.department)
    if not match.departments and info.department:
        match.departments.append(info.department)
    return match


def _read_modifiers(prompt: Prompt, i: int) -> tuple[_Modifiers, int]:
    """Read seniority, founder, function and technology words before a head."""
    mods = _Modifiers()
    k = i
    tokens = prompt.tokens
    while k < len(tokens) and not tokens[k].used:
        # A compound head ("account executive", "product manager") ends the modifiers.
        head = _head_at(prompt, k)
        if head is not None and (head[0] > 1 or not _is_modifier_word(prompt, k)):
            break
        sen = _seniority_modifiers().match(tokens, k)
        if sen is not None and not any(mods.groups):
            mods.seniority.append(sen[1])
            k += sen[0]
            continue
        fm = _founder_modifiers().match(tokens, k)
        if fm is not None:
            mods.founder.append(fm[1])
            k += fm[0]
            continue
        fw = _function_at(prompt, k)
        if fw is not None:
            mods.groups[-1].append((fw[1].display, fw[1]))
            k += fw[0]
            continue
        tech = technology_at(prompt, k, cued=True)
        if tech is not None:
            mods.groups[-1].append((TECHNOLOGIES[tech[1]], None))
            mods.has_tech = True
            k += tech[0]
            continue
        if tokens[k].key in _SEPARATORS and mods.groups[-1] and _function_at(prompt, k + 1):
            mods.separators.append(tokens[k].text)
            mods.groups.append([])
            k += 1
            continue
        break
    if mods.groups == [[]]:
        mods.groups = []
    return mods, k


def _is_modifier_word(prompt: Prompt, k: int) -> bool:
    """Whether a one-word head here is really a modifier of a later head ("lead engineer")."""
    if _seniority_modifiers().match(prompt.tokens, k) is None:
        return False
    return _head_at(prompt, k + 1) is not None or _function_at(prompt, k + 1) is not None


def _modifiers_fit(head: TitleHead, mods: _Modifiers) -> bool:
    if head.kind == "c_suite":
        return mods.empty
    if head.kind == "founder":
        return not mods.groups and not mods.seniority
    if head.kind == "level":
        return not mods.has_tech
    return True


def _read_function_list(
    prompt: Prompt, k: int
) -> tuple[list[list[tuple[str, FunctionWord | None]]], int]:
    """Read "Sales", "Sales and Marketing", "Product & Design" after a head."""
    groups: list[list[tuple[str, FunctionWord | None]]] = [[]]
    while True:
        fw = _function_at(prompt, k)
        if fw is None:
            break
        groups[-1].append((fw[1].display, fw[1]))
        k += fw[0]
        if prompt.key(k) in _SEPARATORS and _function_at(prompt, k + 1):
            groups.append([])
            k += 1
    return [g for g in groups if g], k


def _chief_officer(prompt: Prompt, i: int, k: int, mods: _Modifiers) -> TitleMatch | None:
    """ "Chief Revenue Officer", "chief people officers"."""
    if not mods.empty:
        return None
    j = k + 1
    words: list[FunctionWord] = []
    while (fw := _function_at(prompt, j, after_chief=True)) is not None:
        words.append(fw[1])
        j += fw[0]
    if not words or prompt.key(j) not in ("officer", "officers"):
        return None
    title = "Chief " + " ".join(w.display for w in words) + " Officer"
    departments: list[str] = []
    for w in words:
        if w.department and w.department not in departments:
            departments.append(w.department)
    return TitleMatch(i, j + 1, [title], ["c_suite"], departments)


def _group_at(prompt: Prompt, i: int, k: int, mods: _Modifiers) -> TitleMatch | None:
    """Seniority words without a title: "sales leaders", "C-level", "senior marketing people"."""
    hit = _groups().match(prompt.tokens, k)
    end = k
    if hit is not None:
        seniorities = list(hit[1])
        end = k + hit[0]
    elif mods.seniority and all(fold(d) in SENIORITY_GROUPS for d, _ in mods.seniority):
        seniorities = [s for _, s in mods.seniority if s]
    else:
        return None
    if mods.founder or mods.has_tech:
        return None
    above = _and_above().match(prompt.tokens, end)
    if above is not None and len(seniorities) == 1:
        seniorities = _and_above_seniorities(seniorities[0])
        end += above[0]
    departments: list[str] = []
    for group in mods.groups:
        for _, word in group:
            if word is not None and word.department and word.department not in departments:
                departments.append(word.department)
    return TitleMatch(i, end, [], seniorities, departments)


def _and_above_seniorities(seniority: str) -> list[str]:
    return list(SENIORITIES[: SENIORITIES.index(seniority) + 1])


def extract_titles(prompt: Prompt) -> list[TitleMatch]:
    """Consume every title phrase in the prompt, in order."""
    found: list[TitleMatch] = []
    i = 0
    while i < len(prompt.tokens):
        tok = prompt.tokens[i]
        match = None if tok.used or tok.kind == "punct" else title_at(prompt, i)
        if match is None:
            i += 1
            continue
        prompt.mark(match.start, match.end)
        found.append(match)
        i = match.end
    return found


def extract_departments(prompt: Prompt) -> list[str]:
    """Consume function words standing alone ("people in marketing") as departments."""
    found: list[str] = []
    for i, tok in enumerate(prompt.tokens):
        if tok.used or tok.kind == "punct":
            continue
        hit = _function_at(prompt, i)
        if hit is None or not hit[1].standalone or hit[1].department is None:
            continue
        prompt.mark(i, i + hit[0])
        if hit[1].department not in found:
            found.append(hit[1].department)
    return found


def classify_title(title: str) -> tuple[str | None, str | None]:
    """The seniority and department a job title implies: "VP of Sales" -> ("vp", "sales")."""
    prompt = Prompt.of(title)
    matches = extract_titles(prompt)
    seniorities = [s for m in matches for s in m.seniorities]
    departments = [d for m in matches for d in m.departments]
    for i, tok in enumerate(prompt.tokens):
        if tok.used:
            continue
        sen = _seniority_modifiers().match(prompt.tokens, i)
        if not seniorities and sen is not None and sen[1][1]:
            seniorities.append(sen[1][1])
        if not departments and (fw := _function_at(prompt, i)) and fw[1].department:
            departments.append(fw[1].department)
    seniority = min(seniorities, key=SENIORITIES.index) if seniorities else None
    # The executive department is the weakest signal: "Founder & CTO" is engineering.
    specific = [d for d in departments if d != "executive"]
    department = next(iter(specific or departments), None)
    return seniority, department


def canonical_seniority(text: str) -> str | None:
    """The seniority slug a word means ("C-level" -> "c_suite", "VP" -> "vp")."""
    raw = " ".join(fold(text).replace("_", " ").split())
    if raw.replace(" ", "_") in SENIORITIES:
        return raw.replace(" ", "_")
    return SENIORITY_SYNONYMS.get(raw) or SENIORITY_SYNONYMS.get(raw.replace(" ", "-"))


def canonical_department(text: str) -> str | None:
    """The department slug a word means ("Customer Success" -> "customer_success")."""
    raw = " ".join(fold(text).replace("_", " ").split())
    if raw.replace(" ", "_") in DEPARTMENTS:
        return raw.replace(" ", "_")
    word = function_index().get(tuple(t.key for t in Prompt.of(text).tokens))
    return word.department if word is not None else None


def canonical_title(text: str) -> str:
    """A title as the parser writes it ("VPs of sales" -> "VP of Sales"); other text as typed."""
    cleaned = " ".join(text.split())
    prompt = Prompt.of(cleaned)
    match = title_at(prompt, 0)
    if match is not None and match.end == len(prompt.tokens) and len(match.titles) == 1:
        return match.titles[0]
    return cleaned
