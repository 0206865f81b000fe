"""The standard mail world: one domain per behaviour a verifier must handle.

| domain                  | behaviour                                                        |
|-------------------------|------------------------------------------------------------------|
| acme.com                | plain server: john, jane, info, sales, anna, "john doe", josé     |
|                         | valid; fullbox full (552 5.2.2); gone disabled (550 5.2.1)       |
| catchall.com            | accepts every local part                                         |
| greylist.com            | 450 "Recipient address rejected: Greylisted" for 1 s, then OK    |
| blocked.com             | 554 5.7.1 "client host blocked using zen.spamhaus.org" at RCPT   |
| blockedgreeting.com     | 554 5.7.1 block-list refusal in the greeting                     |
| nordns.com              | 550 5.7.25 "no PTR record" at RCPT                               |
| nordns-soft.com         | 450 4.7.1 "cannot find your reverse hostname" at RCPT            |
| policy.com              | 550 5.7.1 "rejected by local policy" at RCPT                     |
| relaydenied.com         | MX is acme's host, which does not host it: 554 relay denied      |
| mailfromrefused.com     | 553 5.7.1 sender refused at MAIL FROM                            |
| busy.com                | 421 4.7.0 "too many connections" to everyone, always             |
| onesession.com          | admits one session at a time, 421 beyond it                      |
| tarpit.com              | RCPT replies held 30 s                                           |
| failover.com            | primary MX refuses connections; backup MX serves john            |
| dropper.com             | hangs up after every 5xx RCPT reply                              |
| onercpt.com             | 452 4.5.3 on the second RCPT of a session                        |
| tlsonly.com             | offers STARTTLS and demands it before MAIL FROM                  |
| oldserver.com           | EHLO refused (502); HELO works                                   |
| noutf8.com              | no SMTPUTF8; josé exists but cannot be addressed                 |
| multiline.com           | Gmail-style multi-line 550-5.1.1 for unknown users               |
| bücher.com (IDN)        | xn--bcher-kva.com; anna                                          |
| aonly.com               | no MX, A record points at its own server; john                   |
| nullmx.com              | MX 0 . (RFC 7505)                                                |
| nomail.com              | exists (TXT only): no MX, no A                                   |
| nxdomain.com            | does not exist (NXDOMAIN)                                        |
| servfail.com            | SERVFAIL                                                         |
| dnstimeout.com          | DNS never answers                                                |
| mailinator.com          | disposable, catch-all                                            |
| gmail.com               | free provider; alice                                             |
"""

from __future__ import annotations

from .smtp_server import SmtpBehaviour
from .world import MailWorld

GREYLIST_SECONDS = 1.0
TARPIT_SECONDS = 30.0


def build_standard_world(*, seed: int | None = None) -> MailWorld:
    """The standard world, built but not started."""
    w = MailWorld(seed=seed)

    w.add_host("mx1.acme.com")
    w.add_domain(
        "acme.com",
        mx=["mx1.acme.com"],
        users={
            "john": "ok", "jane": "ok", "info": "ok", "sales": "ok", "anna": "ok",
            "john doe": "ok", "josé": "ok", "fullbox": "full", "gone": "disabled",
        },
    )  # fmt: skip
    w.add_domain("relaydenied.com", mx=["mx1.acme.com"])
    w.server("mx1.acme.com").domains.pop("relaydenied.com")  # published, but not hosted

    w.add_host("mx.catchall.com")
    w.add_domain("catchall.com", mx=["mx.catchall.com"], users=["john"], catch_all=True)

    w.add_host("mx.greylist.com", SmtpBehaviour(greylist_seconds=GREYLIST_SECONDS))
    w.add_domain("greylist.com", mx=["mx.greylist.com"], users=["john"])

    w.add_host(
        "mx.blocked.com",
        SmtpBehaviour(
            rcpt_reply=(
                554,
                "5.7.1 Service unavailable; Client host [127.0.0.1] blocked using"
                " zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1",
            )
        ),
    )
    w.add_domain("blocked.com", mx=["mx.blocked.com"], users=["john"])

    w.add_host(
        "mx.blockedgreeting.com",
        SmtpBehaviour(greeting=(554, "5.7.1 Your IP 127.0.0.1 is listed on our block list")),
    )
    w.add_domain("blockedgreeting.com", mx=["mx.blockedgreeting.com"], users=["john"])

    w.add_host(
        "mx.nordns.com",
        SmtpBehaviour(
            rcpt_reply=(
                550,
                "5.7.25 [127.0.0.1] The IP address sending this message does not have a"
                " PTR record setup, or the corresponding forward DNS entry does not point"
                " to the sending IP.",
            )
        ),
    )
    w.add_domain("nordns.com", mx=["mx.nordns.com"], users=["john"])

    w.add_host(
        "mx.nordns-soft.com",
        SmtpBehaviour(
            rcpt_reply=(
                450,
                "4.7.1 Client host rejected: cannot find your reverse hostname, [127.0.0.1]",
            )
        ),
    )
    w.add_domain("nordns-soft.com", mx=["mx.nordns-soft.com"], users=["john"])

    w.add_host(
        "mx.policy.com",
        SmtpBehaviour(rcpt_reply=(550, "5.7.1 <{rcpt}>: Message rejected by local policy")),
    )
    w.add_domain("policy.com", mx=["mx.policy.com"], users=["john"])

    w.add_host(
        "mx.mailfromrefused.com",
        SmtpBehaviour(
            mail_from_reply=(553, "5.7.1 <verify@leadsmith.local>: Sender not permitted")
        ),
    )
    w.add_domain("mailfromrefused.com", mx=["mx.mailfromrefused.com"], users=["john"])

    w.add_host("mx.busy.com", SmtpBehaviour(max_sessions=0))
    w.add_domain("busy.com", mx=["mx.busy.com"], users=["john"])

    w.add_host("mx.onesession.com", SmtpBehaviour(max_sessions=1, max_rcpts=2))
    w.add_domain("onesession.com", mx=["mx.onesession.com"], users=[f"user{i}" for i in range(12)])

    w.add_host("mx.tarpit.com", SmtpBehaviour(rcpt_delay=TARPIT_SECONDS))
    w.add_domain("tarpit.com", mx=["mx.tarpit.com"], users=["john"])

    w.add_host("dead.failover.com", dead=True)
    w.add_host("backup.failover.com")
    w.add_domain(
        "failover.com", mx=[(10, "dead.failover.com"), (20, "backup.failover.com")], users=["john"]
    )

    w.add_host("mx.dropper.com", SmtpBehaviour(drop_after_reject=True))
    w.add_domain("dropper.com", mx=["mx.dropper.com"], users=["john", "jane"])

    w.add_host("mx.onercpt.com", SmtpBehaviour(max_rcpts=1))
    w.add_domain("onercpt.com", mx=["mx.onercpt.com"], users=["john", "jane", "joe"])

    w.add_host("mx.tlsonly.com", SmtpBehaviour(offer_starttls=True, require_starttls=True))
    w.add_domain("tlsonly.com", mx=["mx.tlsonly.com"], users=["john"])

    w.add_host("mx.oldserver.com", SmtpBehaviour(ehlo=False))
    w.add_domain("oldserver.com", mx=["mx.oldserver.com"], users=["john"])

    w.add_host("mx.noutf8.com", SmtpBehaviour(smtputf8=False))
    w.add_domain("noutf8.com", mx=["mx.noutf8.com"], users=["john", "josé"])

    w.add_host(
        "mx.multiline.com",
        SmtpBehaviour(
            unknown_user_reply=(
                550,
                "5.1.1 The email account that you tried to reach does not exist. Please try\n"
                "5.1.1 double-checking the recipient's email address for typos or\n"
                "5.1.1 unnecessary spaces. https://support.example/mail/?p=NoSuchUser",
            )
        ),
    )
    w.add_domain("multiline.com", mx=["mx.multiline.com"], users=["john"])

    w.add_host("mx.xn--bcher-kva.com")
    w.add_domain("bücher.com", mx=["mx.xn--bcher-kva.com"], users=["anna"])

    w.add_host("aonly.com")
    w.add_domain("aonly.com", kind="a_only", a_host="aonly.com", users=["john"])

    w.add_domain("nullmx.com", kind="null_mx")
    w.add_domain("nomail.com", kind="no_mail")
    w.add_domain("nxdomain.com", kind="nxdomain")
    w.add_domain("servfail.com", kind="servfail")
    w.add_domain("dnstimeout.com", kind="dns_timeout")

    w.add_host("mx.mailinator.com")
    w.add_domain("mailinator.com", mx=["mx.mailinator.com"], catch_all=True)

    w.add_host("mx.gmail.com")
    w.add_domain("gmail.com", mx=["mx.gmail.com"], users=["alice"])
    return w
