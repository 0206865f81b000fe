"""Legal forms of companies by language, for `leadsmith.companies.clean_names`.

Spellings are written once with their dots; matching makes each dot optional, so
"S.A." also matches "SA" and "S. A.". Short forms that are also ordinary words or
initials ("AS", "AG", "SE", "PT") are matched only in the exact case given.
"""

from __future__ import annotations

# Matched at the end of a name, any case, dots optional. Longer forms first is not
# needed: the matcher sorts by length.
SUFFIXES: tuple[str, ...] = (
    # English-speaking world
    "Inc.", "Incorporated", "Corp.", "Corporation", "Co., Ltd.", "Co. Ltd.", "Co., Limited",
    "Co. Limited", "Company Limited", "Company, Limited", "Ltd.", "Limited", "L.L.C.",
    "Limited Liability Company", "L.P.", "L.L.P.", "L.L.L.P.", "P.L.L.C.", "P.L.C.",
    "Public Limited Company", "Plc.", "Ltd. Co.", "Ltd. Liability Co.",
    "Unlimited", "C.I.C.", "D.A.C.", "U.L.C.", "Teoranta", "Limited Partnership",
    "Pty. Ltd.", "Pty. Limited", "(Pty) Ltd.", "(Pty) Limited", "Proprietary Limited",
    "Pvt. Ltd.", "Pvt. Limited", "Private Limited", "Pvt. Ltd. Co.", "Pte. Ltd.",
    "Pte. Limited", "Private Ltd.", "O.P.C.", "(OPC) Pvt. Ltd.", "Sdn. Bhd.", "Bhd.",
    "Berhad", "Sendirian Berhad", "Tbk.", "Public Company Limited", "P.C.L.",
    "Ltée", "Limitée", "Incorporée",
    # German-speaking
    "GmbH", "gGmbH", "mbH", "GmbH & Co. KG", "GmbH & Co. KGaA", "GmbH & Co. OHG",
    "AG & Co. KG", "AG & Co. KGaA", "SE & Co. KG", "SE & Co. KGaA", "UG & Co. KG",
    "UG (haftungsbeschränkt)", "UG (haftungsbeschraenkt)", "UG (haftungsbeschränkt) & Co. KG",
    "KGaA", "OHG", "GbR", "e.Kfm.", "e.Kfr.", "Ges.m.b.H.",
    "G.m.b.H.", "Aktiengesellschaft", "Gesellschaft mit beschränkter Haftung",
    "Kommanditgesellschaft", "& Co. KG", "& Co. KGaA", "& Co. OHG", "Sàrl", "Sagl",
    # French-speaking
    "S.A.S.", "S.A.S.U.", "S.A.R.L.", "S.A.", "E.U.R.L.", "S.N.C.", "S.C.I.", "S.C.O.P.",
    "S.C.A.", "S.E.L.A.R.L.", "Société Anonyme", "Société par actions simplifiée",
    "S.P.R.L.", "S.C.R.L.", "S.R.L.", "A.S.B.L.",
    # Dutch / Flemish
    "B.V.", "N.V.", "V.O.F.", "B.V.B.A.", "C.V.B.A.", "Comm.V.", "VZW", "Besloten Vennootschap",
    "Naamloze Vennootschap",
    # Nordic and Baltic
    "A/S", "ApS", "I/S", "K/S", "P/S", "AB (publ)", "Aktiebolag", "Aktiebolaget", "Oyj",
    "Osakeyhtiö", "ehf.", "hf.", "OÜ", "UAB", "SIA",
    # Southern Europe and Latin America
    "S.p.A.", "S.r.l.", "S.r.l.s.", "S.a.s.", "S.n.c.", "S.a.p.a.", "Società per azioni",
    "S.L.", "S.L.U.", "S.A.U.", "S.A. de C.V.", "S.A.B. de C.V.", "S.A.P.I. de C.V.",
    "S. de R.L.", "S. de R.L. de C.V.", "S. Coop.", "Sociedad Anónima", "Sociedad Limitada",
    "Lda.", "Ltda.", "Ltda. ME", "Ltda. EPP", "S/A", "EIRELI", "S.A.C.", "S.A.A.",
    "S.R.L.", "S.A.I.C.", "S.C.S.", "S.en C.",
    # Central and Eastern Europe
    "Sp. z o.o.", "Sp. z.o.o.", "Sp. j.", "Sp. k.", "S.K.A.", "spółka z o.o.", "s.r.o.",
    "spol. s r.o.", "a.s.", "k.s.", "v.o.s.", "d.o.o.", "d.d.", "Kft.", "Zrt.", "Nyrt.",
    "Bt.", "Rt.", "EOOD", "OOD", "d.o.o.e.l.", "Sh.p.k.", "Sh.a.",
    "A.Ş.", "Ltd. Şti.", "Tic. Ltd. Şti.", "San. ve Tic. A.Ş.", "San. ve Tic. Ltd. Şti.",
    "Anonim Şirketi", "Limited Şirketi",
    "ООО", "ОАО", "ЗАО", "ПАО", "АО", "ТОВ", "ПрАТ", "LLC", "PLC", "LLP", "LP",
    # Greek, Hebrew, Arabic, Thai
    "Α.Ε.", "Ε.Π.Ε.", "Ι.Κ.Ε.", "Ο.Ε.", "Ε.Ε.", 'בע"מ', "בע״מ", "ש.م.م", "ذ.م.م",
    "ش.م.ع", "ش.م.ع.ق", "W.L.L.", "F.Z.E.", "F.Z.C.", "F.Z.-L.L.C.", "FZ-LLC", "FZCO",
    "จำกัด (มหาชน)", "จำกัด",
    # Japanese and Korean in Latin letters
    "K.K.", "Kabushiki Kaisha", "Kabushiki-gaisha", "G.K.", "Godo Kaisha", "Y.K.",
    "Yugen Kaisha",
)  # fmt: skip

# Matched at the end in exactly this case: also ordinary words, initials or names.
CASED_SUFFIXES: tuple[str, ...] = (
    "AG", "KG", "SE", "AS", "ASA", "AB", "Ab", "Oy", "OY", "SA", "SAS", "SARL", "NV", "BV",
    "CV", "SL", "SRL", "SpA", "SPA", "Srl", "SRO", "AD", "ApS", "ME", "EPP", "Tbk", "TBK",
    "PT", "KK", "GK", "Co", "CO", "Co.", "CO.", "P.C.", "N.A.", "e.V.", "e.K.", "e.G.", "EAD",
    "CXA",
)  # fmt: skip

# Matched at the start of a name, in exactly this case.
CASED_PREFIXES: tuple[str, ...] = (
    "PT", "PT.", "CV", "CV.", "UD", "OOO", "OAO", "ZAO", "PAO", "JSC", "PJSC", "OJSC",
    "CJSC", "ООО", "ОАО", "ЗАО", "ПАО", "АО", "ТОВ", "ПрАТ", "АТ", "UAB", "SIA",
    "Kabushiki Kaisha", "Kabushiki-gaisha", "บริษัท",
)  # fmt: skip

# Written without word breaks: removed wherever they stand at the start or end.
CJK_FORMS: tuple[str, ...] = (
    "特定非営利活動法人", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "（株）", "(株)", "㈱",
    "（有）", "(有)", "㈲", "（同）", "(同)",
    "股份有限公司", "有限责任公司", "有限責任公司", "股份公司", "有限公司", "公司",
    "주식회사", "유한회사", "유한책임회사", "（주）", "(주)", "㈜", "(유)",
)  # fmt: skip

# Page-title and directory noise that follows a separator (" | ", " - ", ...).
TITLE_NOISE: tuple[str, ...] = (
    "official site", "official website", "official web site", "official homepage",
    "official page", "home", "homepage", "home page", "startseite", "accueil", "inicio",
    "welcome", "linkedin", "wikipedia", "crunchbase", "facebook", "twitter",
    "instagram", "youtube", "glassdoor", "bloomberg", "company profile", "about us",
    "careers", "jobs",
)  # fmt: skip

# Words that introduce a former name; everything after them goes.
FORMER_NAME_MARKERS: tuple[str, ...] = (
    "formerly known as", "formerly", "previously known as", "previously", "fka", "f/k/a",
    "f.k.a.", "ex", "née", "anciennement", "ehemals", "vormals", "antes", "antigua",
    "旧",
)  # fmt: skip

# cleanco terms that are brand words (Ford Motor Company, Tiffany & Co.), ordinary
# words or US state codes once dots are optional ("c.a." would strip "CA"). Its short
# undotted terms are never used (see clean_names).
CLEANCO_EXCLUDED: frozenset[str] = frozenset(
    {"company", "co.", "& co", "& co.", "& company", "and company", "private", "unlimited",
     "ultd", "unltd", "yoaj", "mchj", "saoc", "saog", "tapui", "obrt", "t:mi", "etat", "ent.",
     "c.a.", "s.c.", "s.e.", "b.m.", "p.p.", "sogepa", "a.g.", "c.v.", "e.v.", "e.g.",
     "p.c.", "coop.", "koop.", "kv.", "ses.", "e.c.", "e.e.", "e.u.", "o.d.", "o.e.",
     "s.f.", "s.s.", "s.p.", "a.d.", "a.e.", "k.d.", "j.t.d."}
)  # fmt: skip
