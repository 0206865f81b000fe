"""Address flags that need no network: disposable domains, role accounts, free providers."""

from __future__ import annotations

import idna
from disposable_email_domains import allowlist as _DISPOSABLE_ALLOWLIST
from disposable_email_domains import blocklist as _DISPOSABLE_BLOCKLIST

# RFC 2142 mailbox names, then the shared inboxes B2B lists are full of.
ROLE_LOCAL_PARTS = frozenset(
    {
        # RFC 2142
        "info", "marketing", "sales", "support", "abuse", "noc", "security",
        "postmaster", "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp",
        # common shared inboxes
        "admin", "administrator", "accounts", "accounting", "accountspayable", "ap", "ar",
        "billing", "bookings", "booking", "careers", "career", "jobs", "job", "recruiting",
        "recruitment", "hr", "humanresources", "people", "talent", "contact", "contactus",
        "contact-us", "hello", "hi", "hey", "help", "helpdesk", "servicedesk", "service",
        "services", "customerservice", "customer-service", "customercare", "care",
        "customers", "enquiries", "enquiry", "inquiries", "inquiry", "office", "team",
        "staff", "all", "everyone", "press", "media", "pr", "news-room", "newsroom",
        "privacy", "legal", "compliance", "gdpr", "dpo", "finance", "invoices", "invoice",
        "payments", "orders", "order", "purchasing", "procurement", "partners",
        "partnerships", "feedback", "events", "mail", "email", "mailer-daemon", "root",
        "no-reply", "noreply", "do-not-reply", "donotreply", "notifications", "alerts",
        "newsletter", "subscribe", "unsubscribe", "list", "lists", "it", "tech",
        "devops", "dev", "ops", "operations", "reception", "frontdesk", "general",
        "investors", "ir", "shop", "store", "studio", "welcome", "community", "social",
        "spam", "test", "trust", "safety", "founders", "management", "board",
    }
)  # fmt: skip

# Consumer mailbox providers: a B2B address there is a person, not a company inbox.
FREE_PROVIDER_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de",
        "yahoo.es", "yahoo.it", "yahoo.ca", "yahoo.com.br", "yahoo.co.jp", "yahoo.co.in",
        "yahoo.in", "ymail.com", "rocketmail.com", "outlook.com", "outlook.fr",
        "outlook.de", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de",
        "hotmail.es", "hotmail.it", "live.com", "live.co.uk", "live.fr", "msn.com",
        "aol.com", "aim.com", "icloud.com", "me.com", "mac.com", "proton.me",
        "protonmail.com", "protonmail.ch", "pm.me", "gmx.com", "gmx.net", "gmx.de",
        "gmx.at", "gmx.ch", "web.de", "freenet.de", "t-online.de", "arcor.de",
        "posteo.de", "mailbox.org", "mail.com", "mail.ru", "inbox.ru", "list.ru", "bk.ru",
        "yandex.ru", "yandex.com", "ya.ru", "zoho.com", "zohomail.com", "tutanota.com",
        "tutanota.de", "tuta.io", "tuta.com", "fastmail.com", "fastmail.fm", "hey.com",
        "hushmail.com", "startmail.com", "qq.com", "foxmail.com", "163.com", "126.com",
        "yeah.net", "sina.com", "sohu.com", "139.com", "aliyun.com", "naver.com",
        "daum.net", "hanmail.net", "rediffmail.com", "libero.it", "virgilio.it",
        "tiscali.it", "alice.it", "tin.it", "orange.fr", "wanadoo.fr", "free.fr",
        "laposte.net", "sfr.fr", "neuf.fr", "seznam.cz", "wp.pl", "o2.pl", "interia.pl",
        "onet.pl", "bol.com.br", "uol.com.br", "terra.com.br", "btinternet.com",
        "virginmedia.com", "blueyonder.co.uk", "sky.com", "talktalk.net", "ntlworld.com",
        "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net",
        "cox.net", "charter.net", "earthlink.net", "juno.com", "netzero.net", "shaw.ca",
        "rogers.com", "sympatico.ca", "bigpond.com", "optusnet.com.au", "xtra.co.nz",
        "skynet.be", "telenet.be", "ziggo.nl", "kpnmail.nl", "planet.nl", "hetnet.nl",
        "lycos.com", "excite.com", "inbox.com", "gmx.fr", "gmx.us",
    }
)  # fmt: skip


def _domain_of(value: str) -> str:
    """Accept a domain or a whole address; return the lowercase ASCII domain."""
    domain = value.rsplit("@", 1)[-1].strip().strip(".").lower()
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        return domain


def is_disposable(domain_or_email: str) -> bool:
    """True when the domain, or a parent of it, is a known throwaway-mail domain."""
    domain = _domain_of(domain_or_email)
    labels = domain.split(".")
    # Parent domains count (a.b.mailinator.com), the bare TLD does not.
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in _DISPOSABLE_ALLOWLIST:
            return False
        if candidate in _DISPOSABLE_BLOCKLIST:
            return True
    return False


def is_role(local_part_or_email: str) -> bool:
    """True for shared-inbox local parts (RFC 2142 names and common ones like sales)."""
    local = local_part_or_email
    if "@" in local:
        local = local.rsplit("@", 1)[0]
    local = local.strip('"').lower().split("+", 1)[0]
    return local in ROLE_LOCAL_PARTS or local.replace(".", "") in ROLE_LOCAL_PARTS


def is_free_provider(domain_or_email: str) -> bool:
    """True for consumer mailbox providers (gmail.com, outlook.com, ...)."""
    return _domain_of(domain_or_email) in FREE_PROVIDER_DOMAINS
