"""Job-title vocabulary: the words a title is built from, mapped onto the canonical
seniority and department slugs of `leadsmith.taxonomy`.

A title is read as `[seniority modifiers] [function words] HEAD [of FUNCTION]`, e.g.
"senior data scientist", "VP of Sales", "marketing director". Only the words listed
here are understood; everything else stays a keyword.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

HeadKind = Literal["c_suite", "level", "founder", "ic"]


class TitleHead(NamedTuple):
    """The noun a title ends on: its display form and what it implies."""

    display: str
    seniority: str | None
    department: str | None
    kind: HeadKind


# The noun that ends a title. "level" heads take function words before them and
# "of <function>" after them; "ic" heads take function, technology and seniority
# modifiers; "founder" heads take only FOUNDER_MODIFIERS; "c_suite" heads take none.
TITLE_HEADS: Final[dict[str, TitleHead]] = {
    # Owners, founders, partners.
    "founder": TitleHead("Founder", "founder", None, "founder"),
    "co-founder": TitleHead("Co-Founder", "founder", None, "founder"),
    "cofounder": TitleHead("Co-Founder", "founder", None, "founder"),
    "owner": TitleHead("Owner", "owner", None, "founder"),
    "business owner": TitleHead("Business Owner", "owner", None, "founder"),
    "proprietor": TitleHead("Proprietor", "owner", None, "founder"),
    "partner": TitleHead("Partner", "partner", None, "founder"),
    "managing partner": TitleHead("Managing Partner", "partner", None, "founder"),
    "general partner": TitleHead("General Partner", "partner", None, "founder"),
    "president": TitleHead("President", "c_suite", "executive", "founder"),
    # C-suite acronyms and their spelled-out forms.
    "ceo": TitleHead("CEO", "c_suite", "executive", "c_suite"),
    "cto": TitleHead("CTO", "c_suite", "engineering", "c_suite"),
    "cfo": TitleHead("CFO", "c_suite", "finance", "c_suite"),
    "coo": TitleHead("COO", "c_suite", "operations", "c_suite"),
    "cmo": TitleHead("CMO", "c_suite", "marketing", "c_suite"),
    "cro": TitleHead("CRO", "c_suite", "sales", "c_suite"),
    "cpo": TitleHead("CPO", "c_suite", "product", "c_suite"),
    "cio": TitleHead("CIO", "c_suite", "it", "c_suite"),
    "ciso": TitleHead("CISO", "c_suite", "it", "c_suite"),
    "cdo": TitleHead("CDO", "c_suite", "data", "c_suite"),
    "chro": TitleHead("CHRO", "c_suite", "hr", "c_suite"),
    "cco": TitleHead("CCO", "c_suite", None, "c_suite"),
    "cso": TitleHead("CSO", "c_suite", None, "c_suite"),
    "clo": TitleHead("CLO", "c_suite", "legal", "c_suite"),
    "cao": TitleHead("CAO", "c_suite", None, "c_suite"),
    "chief executive officer": TitleHead(
        "Chief Executive Officer", "c_suite", "executive", "c_suite"
    ),
    "chief of staff": TitleHead("Chief of Staff", None, "executive", "c_suite"),
    # Level nouns.
    "vp": TitleHead("VP", "vp", None, "level"),
    "svp": TitleHead("SVP", "vp", None, "level"),
    "evp": TitleHead("EVP", "vp", None, "level"),
    "avp": TitleHead("AVP", "vp", None, "level"),
    "vice president": TitleHead("Vice President", "vp", None, "level"),
    "senior vice president": TitleHead("Senior Vice President", "vp", None, "level"),
    "executive vice president": TitleHead("Executive Vice President", "vp", None, "level"),
    "head": TitleHead("Head", "head", None, "level"),
    "director": TitleHead("Director", "director", None, "level"),
    "managing director": TitleHead("Managing Director", "director", "executive", "level"),
    "manager": TitleHead("Manager", "manager", None, "level"),
    "general manager": TitleHead("General Manager", "manager", "operations", "level"),
    "supervisor": TitleHead("Supervisor", "manager", None, "level"),
    "lead": TitleHead("Lead", "senior", None, "level"),
    "team lead": TitleHead("Team Lead", "manager", None, "level"),
    "tech lead": TitleHead("Tech Lead", "senior", "engineering", "level"),
    # Individual contributors.
    "engineer": TitleHead("Engineer", None, "engineering", "ic"),
    "developer": TitleHead("Developer", None, "engineering", "ic"),
    "programmer": TitleHead("Programmer", None, "engineering", "ic"),
    "architect": TitleHead("Architect", None, "engineering", "ic"),
    "founding engineer": TitleHead("Founding Engineer", None, "engineering", "ic"),
    "scrum master": TitleHead("Scrum Master", None, "engineering", "ic"),
    "sysadmin": TitleHead("Sysadmin", None, "it", "ic"),
    "administrator": TitleHead("Administrator", None, None, "ic"),
    "admin": TitleHead("Admin", None, None, "ic"),
    "scientist": TitleHead("Scientist", None, "research", "ic"),
    "researcher": TitleHead("Researcher", None, "research", "ic"),
    "analyst": TitleHead("Analyst", None, "data", "ic"),
    "designer": TitleHead("Designer", None, "design", "ic"),
    "product designer": TitleHead("Product Designer", None, "design", "ic"),
    "product manager": TitleHead("Product Manager", "manager", "product", "ic"),
    "product owner": TitleHead("Product Owner", None, "product", "ic"),
    "project manager": TitleHead("Project Manager", "manager", "operations", "ic"),
    "program manager": TitleHead("Program Manager", "manager", "operations", "ic"),
    "office manager": TitleHead("Office Manager", "manager", "operations", "ic"),
    "account executive": TitleHead("Account Executive", None, "sales", "ic"),
    "ae": TitleHead("AE", None, "sales", "ic"),
    "account manager": TitleHead("Account Manager", "manager", "sales", "ic"),
    "sales representative": TitleHead("Sales Representative", None, "sales", "ic"),
    "sales rep": TitleHead("Sales Rep", None, "sales", "ic"),
    "salesperson": TitleHead("Salesperson", None, "sales", "ic"),
    "salespeople": TitleHead("Salesperson", None, "sales", "ic"),
    "sales development representative": TitleHead(
        "Sales Development Representative", "entry", "sales", "ic"
    ),
    "business development representative": TitleHead(
        "Business Development Representative", "entry", "sales", "ic"
    ),
    "sdr": TitleHead("SDR", "entry", "sales", "ic"),
    "bdr": TitleHead("BDR", "entry", "sales", "ic"),
    "customer success manager": TitleHead(
        "Customer Success Manager", "manager", "customer_success", "ic"
    ),
    "csm": TitleHead("CSM", "manager", "customer_success", "ic"),
    "marketer": TitleHead("Marketer", None, "marketing", "ic"),
    "copywriter": TitleHead("Copywriter", None, "marketing", "ic"),
    "growth hacker": TitleHead("Growth Hacker", None, "marketing", "ic"),
    "recruiter": TitleHead("Recruiter", None, "hr", "ic"),
    "headhunter": TitleHead("Headhunter", None, "hr", "ic"),
    "accountant": TitleHead("Accountant", None, "finance", "ic"),
    "bookkeeper": TitleHead("Bookkeeper", None, "finance", "ic"),
    "controller": TitleHead("Controller", None, "finance", "ic"),
    "buyer": TitleHead("Buyer", None, "operations", "ic"),
    "consultant": TitleHead("Consultant", None, None, "ic"),
    "advisor": TitleHead("Advisor", None, None, "ic"),
    "adviser": TitleHead("Adviser", None, None, "ic"),
    "specialist": TitleHead("Specialist", None, None, "ic"),
    "coordinator": TitleHead("Coordinator", None, None, "ic"),
    "strategist": TitleHead("Strategist", None, None, "ic"),
    "executive assistant": TitleHead("Executive Assistant", None, "executive", "ic"),
    "assistant": TitleHead("Assistant", "entry", None, "ic"),
    "intern": TitleHead("Intern", "entry", None, "ic"),
    "trainee": TitleHead("Trainee", "entry", None, "ic"),
    "lawyer": TitleHead("Lawyer", None, "legal", "ic"),
    "attorney": TitleHead("Attorney", None, "legal", "ic"),
    "counsel": TitleHead("Counsel", None, "legal", "ic"),
    "general counsel": TitleHead("General Counsel", None, "legal", "ic"),
    "paralegal": TitleHead("Paralegal", None, "legal", "ic"),
    "teacher": TitleHead("Teacher", None, "education", "ic"),
    "professor": TitleHead("Professor", None, "education", "ic"),
    "lecturer": TitleHead("Lecturer", None, "education", "ic"),
    "physician": TitleHead("Physician", None, "medical", "ic"),
    "doctor": TitleHead("Doctor", None, "medical", "ic"),
    "nurse": TitleHead("Nurse", None, "medical", "ic"),
    "pharmacist": TitleHead("Pharmacist", None, "medical", "ic"),
    "dentist": TitleHead("Dentist", None, "medical", "ic"),
    "surgeon": TitleHead("Surgeon", None, "medical", "ic"),
    "therapist": TitleHead("Therapist", None, "medical", "ic"),
}

# Irregular plurals; regular ones (-s, -es, -ies) are derived.
IRREGULAR_PLURALS: Final[dict[str, str]] = {
    "salespeople": "salesperson",
    "chiefs of staff": "chief of staff",
    "attorneys": "attorney",
    "heads": "head",
}

# Heads that accept "of <function>" / "<function>" after them ("VP of Sales", "VP Sales").
# fmt: off
OF_HEADS: Final[frozenset[str]] = frozenset({
    "vp", "svp", "evp", "avp", "vice president", "senior vice president",
    "executive vice president", "head", "director", "managing director", "manager",
    "general manager", "lead",
})
# Of those, the ones that may take the function directly, without "of".
DIRECT_FUNCTION_HEADS: Final[frozenset[str]] = frozenset({
    "vp", "svp", "evp", "avp", "vice president", "senior vice president", "head", "director",
})
# fmt: on

# Seniority modifiers before a title ("senior data scientist").
SENIORITY_MODIFIERS: Final[dict[str, tuple[str, str | None]]] = {
    "senior": ("Senior", "senior"),
    "sr": ("Sr", "senior"),
    "staff": ("Staff", "senior"),
    "principal": ("Principal", "senior"),
    "lead": ("Lead", "senior"),
    "junior": ("Junior", "entry"),
    "jr": ("Jr", "entry"),
    "entry-level": ("Entry-Level", "entry"),
    "entry level": ("Entry-Level", "entry"),
    "associate": ("Associate", "entry"),
    "assistant": ("Assistant", "entry"),
    "graduate": ("Graduate", "entry"),
    "regional": ("Regional", None),
    "global": ("Global", None),
    "group": ("Group", None),
    "interim": ("Interim", None),
    "fractional": ("Fractional", None),
    "deputy": ("Deputy", None),
}

# The few words a founder-kind head takes ("technical co-founders").
FOUNDER_MODIFIERS: Final[dict[str, str]] = {
    "technical": "Technical",
    "solo": "Solo",
    "serial": "Serial",
    "managing": "Managing",
}


class FunctionWord(NamedTuple):
    """A function word and the department it means; `standalone` if it names a
    department on its own ("people in marketing"), `case` if only that spelling counts."""

    display: str
    department: str | None
    standalone: bool = False
    case: str | None = None
    chief_only: bool = False


FUNCTION_WORDS: Final[dict[str, FunctionWord]] = {
    # sales
    "sales": FunctionWord("Sales", "sales", True),
    "inside sales": FunctionWord("Inside Sales", "sales", True),
    "enterprise": FunctionWord("Enterprise", None),
    "field sales": FunctionWord("Field Sales", "sales", True),
    "enterprise sales": FunctionWord("Enterprise Sales", "sales", True),
    "business development": FunctionWord("Business Development", "sales", True),
    "biz dev": FunctionWord("Biz Dev", "sales", True),
    "bd": FunctionWord("BD", "sales", False, "BD"),
    "partnerships": FunctionWord("Partnerships", "sales", True),
    "alliances": FunctionWord("Alliances", "sales"),
    "channel": FunctionWord("Channel", "sales"),
    "account": FunctionWord("Account", "sales"),
    "revenue": FunctionWord("Revenue", "sales"),
    "commercial": FunctionWord("Commercial", "sales"),
    "sales operations": FunctionWord("Sales Operations", "sales", True),
    "sales ops": FunctionWord("Sales Ops", "sales", True),
    "sales enablement": FunctionWord("Sales Enablement", "sales", True),
    # marketing
    "marketing": FunctionWord("Marketing", "marketing", True),
    "growth": FunctionWord("Growth", "marketing"),
    "growth marketing": FunctionWord("Growth Marketing", "marketing", True),
    "demand generation": FunctionWord("Demand Generation", "marketing", True),
    "demand gen": FunctionWord("Demand Gen", "marketing", True),
    "product marketing": FunctionWord("Product Marketing", "marketing", True),
    "digital marketing": FunctionWord("Digital Marketing", "marketing", True),
    "performance marketing": FunctionWord("Performance Marketing", "marketing", True),
    "content marketing": FunctionWord("Content Marketing", "marketing", True),
    "field marketing": FunctionWord("Field Marketing", "marketing", True),
    "marketing operations": FunctionWord("Marketing Operations", "marketing", True),
    "lifecycle": FunctionWord("Lifecycle", "marketing"),
    "content": FunctionWord("Content", "marketing"),
    "brand": FunctionWord("Brand", "marketing"),
    "communications": FunctionWord("Communications", "marketing", True),
    "comms": FunctionWord("Comms", "marketing"),
    "public relations": FunctionWord("Public Relations", "marketing", True),
    "pr": FunctionWord("PR", "marketing", False, "PR"),
    "social media": FunctionWord("Social Media", "marketing"),
    "seo": FunctionWord("SEO", "marketing"),
    "community": FunctionWord("Community", "marketing"),
    "events": FunctionWord("Events", "marketing"),
    "crm": FunctionWord("CRM", "marketing", False, "CRM"),
    # engineering
    "engineering": FunctionWord("Engineering", "engineering", True),
    "software engineering": FunctionWord("Software Engineering", "engineering", True),
    "software": FunctionWord("Software", "engineering"),
    "technology": FunctionWord("Technology", "engineering"),
    "technical": FunctionWord("Technical", "engineering", chief_only=True),
    "tech": FunctionWord("Tech", "engineering"),
    "frontend": FunctionWord("Frontend", "engineering"),
    "front-end": FunctionWord("Front-End", "engineering"),
    "front end": FunctionWord("Front End", "engineering"),
    "backend": FunctionWord("Backend", "engineering"),
    "back-end": FunctionWord("Back-End", "engineering"),
    "back end": FunctionWord("Back End", "engineering"),
    "full-stack": FunctionWord("Full-Stack", "engineering"),
    "full stack": FunctionWord("Full Stack", "engineering"),
    "fullstack": FunctionWord("Fullstack", "engineering"),
    "devops": FunctionWord("DevOps", "engineering", True),
    "platform": FunctionWord("Platform", "engineering"),
    "infrastructure": FunctionWord("Infrastructure", "engineering"),
    "cloud": FunctionWord("Cloud", "engineering"),
    "mobile": FunctionWord("Mobile", "engineering"),
    "ios": FunctionWord("iOS", "engineering"),
    "android": FunctionWord("Android", "engineering"),
    "web": FunctionWord("Web", "engineering"),
    "qa": FunctionWord("QA", "engineering"),
    "quality assurance": FunctionWord("Quality Assurance", "engineering"),
    "test": FunctionWord("Test", "engineering"),
    "site reliability": FunctionWord("Site Reliability", "engineering"),
    "sre": FunctionWord("SRE", "engineering"),
    "embedded": FunctionWord("Embedded", "engineering"),
    "firmware": FunctionWord("Firmware", "engineering"),
    "systems": FunctionWord("Systems", "engineering"),
    "solutions": FunctionWord("Solutions", "engineering"),
    "machine learning": FunctionWord("Machine Learning", "engineering"),
    "ml": FunctionWord("ML", "engineering"),
    "ai": FunctionWord("AI", "engineering"),
    # product and design
    "product": FunctionWord("Product", "product", True),
    "product management": FunctionWord("Product Management", "product", True),
    "design": FunctionWord("Design", "design", True),
    "product design": FunctionWord("Product Design", "design", True),
    "ux": FunctionWord("UX", "design"),
    "ui": FunctionWord("UI", "design"),
    "user experience": FunctionWord("User Experience", "design"),
    "user research": FunctionWord("User Research", "design"),
    "creative": FunctionWord("Creative", "design"),
    "graphic": FunctionWord("Graphic", "design"),
    "visual": FunctionWord("Visual", "design"),
    # customer success
    "customer success": FunctionWord("Customer Success", "customer_success", True),
    "customer support": FunctionWord("Customer Support", "customer_success", True),
    "customer service": FunctionWord("Customer Service", "customer_success", True),
    "customer experience": FunctionWord("Customer Experience", "customer_success", True),
    "client services": FunctionWord("Client Services", "customer_success", True),
    "account management": FunctionWord("Account Management", "customer_success", True),
    "support": FunctionWord("Support", "customer_success"),
    "cx": FunctionWord("CX", "customer_success", False, "CX"),
    "onboarding": FunctionWord("Onboarding", "customer_success"),
    "implementation": FunctionWord("Implementation", "customer_success"),
    "customer": FunctionWord("Customer", "customer_success", chief_only=True),
    # operations
    "operations": FunctionWord("Operations", "operations", True),
    "ops": FunctionWord("Ops", "operations", True),
    "operating": FunctionWord("Operating", "operations", chief_only=True),
    "business operations": FunctionWord("Business Operations", "operations", True),
    "revenue operations": FunctionWord("Revenue Operations", "operations", True),
    "revops": FunctionWord("RevOps", "operations", True),
    "procurement": FunctionWord("Procurement", "operations", True),
    "purchasing": FunctionWord("Purchasing", "operations", True),
    "supply chain": FunctionWord("Supply Chain", "operations"),
    "facilities": FunctionWord("Facilities", "operations"),
    "project": FunctionWord("Project", "operations"),
    "program": FunctionWord("Program", "operations"),
    "strategy": FunctionWord("Strategy", "executive"),
    "executive": FunctionWord("Executive", "executive", chief_only=True),
    # finance
    "finance": FunctionWord("Finance", "finance", True),
    "financial": FunctionWord("Financial", "finance"),
    "accounting": FunctionWord("Accounting", "finance", True),
    "fp&a": FunctionWord("FP&A", "finance", True),
    "treasury": FunctionWord("Treasury", "finance"),
    "tax": FunctionWord("Tax", "finance"),
    "audit": FunctionWord("Audit", "finance"),
    "payroll": FunctionWord("Payroll", "finance"),
    "investor relations": FunctionWord("Investor Relations", "finance"),
    "risk": FunctionWord("Risk", "finance"),
    # hr
    "hr": FunctionWord("HR", "hr", True),
    "human resources": FunctionWord("Human Resources", "hr", True),
    "people": FunctionWord("People", "hr", chief_only=True),
    "people operations": FunctionWord("People Operations", "hr", True),
    "people ops": FunctionWord("People Ops", "hr", True),
    "talent": FunctionWord("Talent", "hr"),
    "talent acquisition": FunctionWord("Talent Acquisition", "hr", True),
    "recruiting": FunctionWord("Recruiting", "hr", True),
    "recruitment": FunctionWord("Recruitment", "hr", True),
    "learning and development": FunctionWord("Learning and Development", "hr"),
    "l&d": FunctionWord("L&D", "hr"),
    # legal
    "legal": FunctionWord("Legal", "legal", True),
    "compliance": FunctionWord("Compliance", "legal", True),
    "privacy": FunctionWord("Privacy", "legal"),
    "regulatory": FunctionWord("Regulatory", "legal"),
    # it and security
    "it": FunctionWord("IT", "it", True, "IT"),
    "information technology": FunctionWord("Information Technology", "it", True),
    "information": FunctionWord("Information", "it", chief_only=True),
    "security": FunctionWord("Security", "it"),
    "information security": FunctionWord("Information Security", "it", True),
    "infosec": FunctionWord("InfoSec", "it", True),
    "cybersecurity": FunctionWord("Cybersecurity", "it"),
    "network": FunctionWord("Network", "it"),
    "helpdesk": FunctionWord("Helpdesk", "it"),
    # data
    "data": FunctionWord("Data", "data", True),
    "analytics": FunctionWord("Analytics", "data", True),
    "data science": FunctionWord("Data Science", "data", True),
    "data engineering": FunctionWord("Data Engineering", "data", True),
    "business intelligence": FunctionWord("Business Intelligence", "data", True),
    "bi": FunctionWord("BI", "data", False, "BI"),
    "insights": FunctionWord("Insights", "data"),
    # research
    "research": FunctionWord("Research", "research", True),
    "r&d": FunctionWord("R&D", "research", True),
    "research and development": FunctionWord("Research and Development", "research", True),
    # education and medical
    "curriculum": FunctionWord("Curriculum", "education"),
    "clinical": FunctionWord("Clinical", "medical"),
    "nursing": FunctionWord("Nursing", "medical"),
    "medical": FunctionWord("Medical", "medical"),
}

# Words that name seniorities without a title ("sales leaders", "C-level").
SENIORITY_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "leader": ("c_suite", "vp", "head", "director"),
    "leadership": ("c_suite", "vp", "head", "director"),
    "senior leader": ("c_suite", "vp", "head", "director"),
    "senior leadership": ("c_suite", "vp", "head", "director"),
    "senior executive": ("c_suite", "vp"),
    "executive": ("c_suite", "vp"),
    "exec": ("c_suite", "vp"),
    "decision maker": ("owner", "founder", "c_suite", "partner", "vp", "head", "director"),
    "decision-maker": ("owner", "founder", "c_suite", "partner", "vp", "head", "director"),
    "c-level": ("c_suite",),
    "c level": ("c_suite",),
    "c-suite": ("c_suite",),
    "c suite": ("c_suite",),
    "cxo": ("c_suite",),
    "cxos": ("c_suite",),
    "vp-level": ("vp",),
    "vp level": ("vp",),
    "director-level": ("director",),
    "director level": ("director",),
    "manager-level": ("manager",),
    "manager level": ("manager",),
    "senior-level": ("senior",),
    "senior level": ("senior",),
    "entry-level": ("entry",),
    "entry level": ("entry",),
    "junior": ("entry",),
    "senior": ("senior",),
}

# Seniority words accepted as explicit filter values (API, LLM), beyond the slugs.
SENIORITY_SYNONYMS: Final[dict[str, str]] = {
    "owner": "owner",
    "owners": "owner",
    "founder": "founder",
    "founders": "founder",
    "co-founder": "founder",
    "cofounder": "founder",
    "c_suite": "c_suite",
    "c-suite": "c_suite",
    "c suite": "c_suite",
    "csuite": "c_suite",
    "c-level": "c_suite",
    "c level": "c_suite",
    "clevel": "c_suite",
    "cxo": "c_suite",
    "chief": "c_suite",
    "executive": "c_suite",
    "executives": "c_suite",
    "exec": "c_suite",
    "partner": "partner",
    "partners": "partner",
    "vp": "vp",
    "vps": "vp",
    "vice president": "vp",
    "vice presidents": "vp",
    "svp": "vp",
    "evp": "vp",
    "head": "head",
    "heads": "head",
    "head of": "head",
    "director": "director",
    "directors": "director",
    "manager": "manager",
    "managers": "manager",
    "management": "manager",
    "senior": "senior",
    "seniors": "senior",
    "lead": "senior",
    "principal": "senior",
    "staff": "senior",
    "experienced": "senior",
    "entry": "entry",
    "entry level": "entry",
    "entry-level": "entry",
    "junior": "entry",
    "intern": "entry",
    "interns": "entry",
    "trainee": "entry",
    "associate": "entry",
}

# "directors and above": the seniorities from the top of SENIORITIES down to this one.
AND_ABOVE_WORDS: Final[tuple[tuple[str, ...], ...]] = (
    ("and", "above"),
    ("or", "above"),
    ("and", "up"),
    ("and", "higher"),
    ("or", "higher"),
    ("or", "more", "senior"),
    ("and", "more", "senior"),
    ("+",),
)
