"""Address syntax (RFC 5321/5322, IDN, SMTPUTF8) via email-validator, no DNS."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email


class EmailSyntaxError(ValueError):
    """The address is not a syntactically valid mailbox."""


@dataclass(frozen=True)
class ParsedEmail:
    """A syntactically valid address split into the parts the verifier needs."""

    original: str
    local_part: str  # unquoted when quoting is unnecessary; case kept
    domain: str  # Unicode form, lowercased
    ascii_domain: str  # punycode: what DNS and SMTP see
    quoted: bool
    smtputf8: bool  # the local part is UTF-8, so RCPT needs the SMTPUTF8 extension
    plus_tag: str | None

    @property
    def normalized(self) -> str:
        """Canonical address: domain lowercased, dot-atom local part lowercased."""
        return f"{self._canonical_local}@{self.domain}"

    @property
    def smtp_address(self) -> str:
        """The address as written in RCPT TO (punycode domain)."""
        return f"{self._canonical_local}@{self.ascii_domain}"

    @property
    def base_address(self) -> str:
        """The normalised address without its plus-tag."""
        if self.plus_tag is None:
            return self.normalized
        base = self._canonical_local[: -(len(self.plus_tag) + 1)]
        return f"{base}@{self.domain}"

    @property
    def _canonical_local(self) -> str:
        # Quoted local parts may be case-sensitive in practice (and rare); keep them verbatim.
        return self.local_part if self.quoted else self.local_part.lower()


def parse_email(address: str) -> ParsedEmail:
    """Validate syntax only and normalise; raise EmailSyntaxError when invalid."""
    candidate = address.strip()
    try:
        info = validate_email(
            candidate,
            check_deliverability=False,
            allow_quoted_local=True,
            allow_smtputf8=True,
            allow_domain_literal=False,
            strict=True,  # enforces the 64-octet local-part limit of RFC 5321
        )
    except EmailNotValidError as exc:
        raise EmailSyntaxError(str(exc)) from exc
    local = info.local_part
    quoted = local.startswith('"')
    plus_tag: str | None = None
    if not quoted and "+" in local:
        base, _, tag = local.partition("+")
        if base and tag:
            plus_tag = tag.lower()
    return ParsedEmail(
        original=address,
        local_part=local,
        domain=info.domain.lower(),
        ascii_domain=info.ascii_domain.lower(),
        quoted=quoted,
        smtputf8=bool(info.smtputf8),
        plus_tag=plus_tag,
    )
