"""Company names of the sandbox world: brand words, family names, legal suffixes, domains."""

from __future__ import annotations

import random

from leadsmith.sources.sandbox.normalise import alnum, words


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in text.split() if w))


PREFIXES = _split(
    """North South East West Blue Bright Silver Iron Clear Red Green Swift True Open Summit
    High Deep Cedar Oak Pine Maple Granite Stone Copper Golden Amber Crystal Polar Solar Lunar
    Star Sky Cloud River Lake Harbor Bay Coast Ridge Valley Meadow Prairie Canyon Falcon Hawk
    Eagle Fox Wolf Bear Lion Atlas Nova Apex Vertex Zenith Prime Core Pulse Spark Bold Brave
    Keen Quick Wise Good Fair Grand Little Big Hidden Silent Wild Urban Metro Civic Pacific
    Atlantic Alpine Arctic Sun Moon Ever Next New First Black White Cobalt Indigo Violet
    Scarlet Emerald Jade Onyx Orchid Sage Willow Birch Aspen Juniper Rapid Steady Kind Lucky
    Noble Royal Sterling Liberty Union Pioneer Frontier Beacon Compass Anchor Orbit Quantum"""
)
SUFFIXES = _split(
    """peak field stone bridge wave path point line works forge leaf gate light rock ridge
    harbor grid loop mark scale shift spring stack core craft port base flow wise sense hub
    nest view way wind well wood vale crest dale ford haven hill land mill shore star tide
    tower vista yard bloom root seed sail signal beam bit cast desk dock fleet frame glass
    hive keep lane ledger lens link map mint pier pilot quest reach rise route scope sphere
    stream sync thread track trail vault wing fold spire mesa brook fern glen cove"""
)
SYLLABLE_STARTS = _split(
    """Zen Lu Qua Va No Ka Tri Syn Ve Ori Bri Cor Dex Eli Fi Gra Hel Ix Jo Kel Lyr Mer Nex
    Oct Pax Quin Ro Sol Tel Vor Wex Xan Zor Ari Cal Dra Ely Mo Ne Pe Sa Ta Vi"""
)
SYLLABLE_MIDDLES = ("", "n", "r", "v", "l", "m", "x", "t", "s", "d")
SYLLABLE_ENDS = _split("tra ova ix io ly era ium ara ant ence ity os eo ify ora ent ion oni ax us")
GROUP_WORDS = ("Group", "Holdings", "Global", "Partners", "International", "Labs", "Collective")
STARTUP_DOMAIN_AFFIXES = (("get", ""), ("", "hq"), ("", "app"), ("try", ""), ("use", ""))

# Local words some family firms use instead of the English industry noun.
LOCAL_NOUNS: dict[str, dict[str, str]] = {
    "DE": {
        "manufacturing": "Maschinenbau",
        "logistics": "Logistik",
        "consulting": "Beratung",
        "construction": "Bau",
        "hardware": "Technik",
    },
    "AT": {"manufacturing": "Maschinenbau", "construction": "Bau", "consulting": "Beratung"},
    "FR": {"consulting": "Conseil", "logistics": "Transports", "construction": "Bâtiment"},
    "IT": {
        "construction": "Costruzioni",
        "manufacturing": "Meccanica",
        "food_beverage": "Alimentari",
    },
    "ES": {
        "construction": "Construcciones",
        "consulting": "Consultores",
        "logistics": "Transportes",
    },
    "MX": {
        "construction": "Construcciones",
        "consulting": "Consultores",
        "logistics": "Transportes",
    },
    "NL": {"construction": "Bouw", "logistics": "Transport", "consulting": "Advies"},
    "BR": {"construction": "Construções", "consulting": "Consultoria", "logistics": "Transportes"},
    "PT": {"construction": "Construções", "consulting": "Consultoria", "logistics": "Transportes"},
    "SE": {"construction": "Bygg", "consulting": "Konsult"},
}

# Name styles and how often each industry family uses them.
STYLE_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "tech": (
        ("compound", 35),
        ("syllable", 25),
        ("two_word", 15),
        ("acronym", 7),
        ("surname", 8),
        ("city", 5),
        ("compound_noun", 5),
    ),
    "commerce": (
        ("compound", 25),
        ("two_word", 25),
        ("surname", 20),
        ("city", 15),
        ("syllable", 10),
        ("acronym", 5),
    ),
    "health": (
        ("two_word", 25),
        ("compound", 20),
        ("syllable", 20),
        ("surname", 15),
        ("city", 15),
        ("acronym", 5),
    ),
    "finance": (
        ("two_word", 25),
        ("surname", 25),
        ("compound", 20),
        ("city", 15),
        ("acronym", 10),
        ("syllable", 5),
    ),
    "services": (
        ("surname", 40),
        ("two_word", 20),
        ("compound", 15),
        ("partners", 15),
        ("acronym", 5),
        ("city", 5),
    ),
    "industrial": (
        ("surname", 30),
        ("two_word", 25),
        ("city", 15),
        ("compound", 15),
        ("acronym", 10),
        ("syllable", 5),
    ),
    "public": (("city", 45), ("two_word", 35), ("compound", 20)),
}


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def brand_name(
    rng: random.Random,
    style: str,
    *,
    noun: str,
    surname: str,
    surname2: str,
    city: str,
) -> str:
    """A company's short name (no legal suffix) in the given style."""
    if style == "compound":
        return rng.choice(PREFIXES) + rng.choice(SUFFIXES)
    if style == "compound_noun":
        return f"{rng.choice(PREFIXES)}{rng.choice(SUFFIXES)} {noun}"
    if style == "two_word":
        return f"{rng.choice(PREFIXES)} {_cap(rng.choice(SUFFIXES))} {noun}"
    if style == "syllable":
        return (
            rng.choice(SYLLABLE_STARTS) + rng.choice(SYLLABLE_MIDDLES) + rng.choice(SYLLABLE_ENDS)
        )
    if style == "acronym":
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(rng.choice((2, 3, 3))))
        return f"{letters} {noun}"
    if style == "surname":
        return f"{surname} {noun}" if rng.random() < 0.8 else f"{surname} & Sons"
    if style == "partners":
        return f"{surname} & {surname2}" if rng.random() < 0.6 else f"{surname} & Partners"
    if style == "city":
        return f"{city} {noun}"
    raise ValueError(style)


def domain_label(rng: random.Random, short_name: str, style: str, noun: str) -> str:
    """The label before `.example`: the name squeezed, sometimes shortened or hyphenated."""
    parts = [w for w in words(short_name) if w not in {"and", "sons"}]
    label = "".join(parts)
    roll = rng.random()
    noun_key = alnum(noun)
    if len(parts) >= 3 and roll < 0.35 and parts[-1] == noun_key:
        label = "".join(parts[:-1])
    elif len(parts) >= 2 and roll > 0.8:
        label = "-".join(parts)
    elif style in {"compound", "syllable"} and roll < 0.1:
        before, after = rng.choice(STARTUP_DOMAIN_AFFIXES)
        label = f"{before}{label}{after}"
    return label
