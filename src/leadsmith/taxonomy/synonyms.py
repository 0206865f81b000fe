"""Free-text synonyms for the canonical industry, technology and company-size vocabularies.

Phrases are matched case-insensitively on whole words, hyphens and spaces alike
("e-commerce" also matches "e commerce"); plurals are derived ("fintechs", "banks").
"""

from __future__ import annotations

from typing import Final

# Industry slug -> phrases meaning it. The display name and slug always match too.
# fmt: off
INDUSTRY_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "saas": (
        "saas", "b2b saas", "software as a service", "software-as-a-service", "b2b software",
        "cloud software", "subscription software", "vertical saas",
    ),
    "software": (
        "software", "software company", "computer software", "enterprise software",
        "developer tools", "devtools", "dev tools", "it services",
        "information technology and services", "information technology & services", "internet",
        "tech company", "technology company", "software house", "software development",
    ),
    "fintech": (
        "fintech", "fin-tech", "financial technology", "payments", "payment company",
        "neobank", "regtech", "wealthtech", "lending",
    ),
    "banking": (
        "bank", "banking", "financial services", "investment banking", "credit union",
        "retail banking",
    ),
    "insurance": (
        "insurance", "insurer", "insurtech", "insurance company", "reinsurance",
    ),
    "ecommerce": (
        "ecommerce", "e-commerce", "ecom", "online retail", "online store", "online shop",
        "webshop", "d2c", "dtc", "direct-to-consumer", "direct to consumer", "d2c brand",
        "dtc brand", "marketplace",
    ),
    "retail": (
        "retail", "retailer", "store", "consumer goods", "cpg", "apparel", "fashion",
        "apparel & fashion", "supermarket",
    ),
    "healthcare": (
        "healthcare", "health care", "healthtech", "health tech", "health-tech",
        "digital health", "medtech", "medical devices", "medical device", "hospital",
        "hospital & health care", "clinic", "health system", "telehealth", "telemedicine",
        "mental health",
    ),
    "biotech": ("biotech", "biotechnology", "life sciences", "life science"),
    "pharma": (
        "pharma", "pharmaceutical", "pharmaceuticals", "drug company",
        "pharmaceutical company",
    ),
    "edtech": (
        "edtech", "ed-tech", "education technology", "e-learning", "elearning",
        "online learning",
    ),
    "education": (
        "education", "higher education", "university", "college", "school", "k-12", "k12",
        "education management", "primary/secondary education",
    ),
    "manufacturing": (
        "manufacturing", "manufacturer", "industrial", "industrial automation", "machinery",
        "factory", "chemicals", "mechanical or industrial engineering",
        "electrical/electronic manufacturing",
    ),
    "automotive": (
        "automotive", "auto", "carmaker", "automaker", "car manufacturer", "car dealership",
        "ev",
    ),
    "logistics": (
        "logistics", "supply chain", "logistics and supply chain", "freight",
        "freight forwarder", "shipping", "trucking", "3pl", "transportation", "transport",
        "last-mile delivery", "courier", "warehousing",
    ),
    "real_estate": (
        "real estate", "realestate", "proptech", "prop-tech", "property",
        "property management", "commercial real estate", "brokerage", "real estate agency",
    ),
    "construction": (
        "construction", "contech", "construction company", "building materials",
    ),
    "energy": (
        "energy", "oil and gas", "oil & gas", "oil & energy", "renewables", "renewable energy",
        "solar", "wind energy", "cleantech", "climate tech", "climatetech", "utility",
        "utilities", "energy company",
    ),
    "telecom": (
        "telecom", "telecoms", "telco", "telecommunications", "telecommunication", "wireless",
        "isp", "mobile network operator",
    ),
    "media": (
        "media", "media company", "publisher", "publishing", "newspaper", "broadcast media",
        "online media", "media production", "entertainment", "streaming", "podcast", "film",
        "music",
    ),
    "marketing_advertising": (
        "marketing agency", "digital agency", "creative agency", "ad agency",
        "advertising agency", "advertising", "agency", "marketing and advertising",
        "marketing & advertising", "adtech", "ad tech", "martech", "seo agency", "pr agency",
        "performance marketing agency", "growth agency", "lead generation agency",
        "lead gen agency",
    ),
    "consulting": (
        "consulting", "consultancy", "consulting firm", "management consulting",
        "it consulting", "advisory firm", "professional services",
    ),
    "legal_services": (
        "law firm", "legal services", "law practice", "legaltech", "legal tech",
    ),
    "hospitality": (
        "hospitality", "hotel", "hotels", "resort", "restaurant group", "hospitality group",
    ),
    "travel": (
        "travel", "traveltech", "travel tech", "tourism", "airline", "travel agency",
        "leisure, travel & tourism", "online travel",
    ),
    "food_beverage": (
        "food and beverage", "food & beverage", "food & beverages", "f&b", "food", "beverage",
        "foodtech", "food tech", "restaurant", "brewery", "winery", "cpg food",
    ),
    "agriculture": (
        "agriculture", "agritech", "agtech", "ag-tech", "farming", "farm", "agribusiness",
    ),
    "gaming": (
        "gaming", "games", "video games", "game studio", "game developer", "esports",
        "computer games", "igaming",
    ),
    "cybersecurity": (
        "cybersecurity", "cyber security", "cyber-security", "infosec", "information security",
        "security company", "computer & network security", "security software",
    ),
    "ai_ml": (
        "ai", "artificial intelligence", "machine learning", "genai", "gen ai",
        "generative ai", "llm", "ai company", "ai-first", "ai native", "ai-native",
        "deep learning", "computer vision",
    ),
    "hardware": (
        "hardware", "hardware company", "computer hardware", "semiconductor", "semiconductors",
        "chipmaker", "consumer electronics", "electronics", "robotics", "iot",
        "internet of things", "deeptech", "deep tech",
    ),
    "nonprofit": (
        "nonprofit", "non-profit", "non profit", "not-for-profit", "not for profit", "ngo",
        "charity", "charities", "foundation", "non-profit organization management",
    ),
    "government": (
        "government", "public sector", "govtech", "gov tech", "government administration",
        "municipality", "federal agency", "government agency",
    ),
    "staffing": (
        "staffing", "staffing agency", "staffing and recruiting", "staffing & recruiting",
        "recruitment agency", "recruiting agency", "recruiting firm", "recruitment firm",
        "executive search", "hr tech", "hrtech",
    ),
}
# fmt: on

# Industry words that count only when typed in capitals, because the lower-case
# spelling is a common English word ("AI" vs "ai" is fine, but "EV", "AUTO"...).
INDUSTRY_CASE_SENSITIVE: Final[dict[str, str]] = {"ev": "EV", "isp": "ISP"}

# Technology slug -> phrases. Phrases in TECH_NEEDS_CUE are ordinary words too
# ("go", "react", "segment"), so they count only after a cue ("using React") or
# before a stack noun ("React shops").
# fmt: off
TECHNOLOGY_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "aws": ("aws", "amazon web services", "amazon aws", "ec2", "aws cloud"),
    "gcp": ("gcp", "google cloud", "google cloud platform", "bigquery"),
    "azure": ("azure", "microsoft azure", "ms azure"),
    "salesforce": ("salesforce", "sfdc", "sales cloud", "salesforce crm"),
    "hubspot": ("hubspot", "hub spot", "hubspot crm"),
    "shopify": ("shopify", "shopify plus"),
    "stripe": ("stripe",),
    "react": ("react", "reactjs", "react.js", "react native"),
    "vue": ("vue", "vuejs", "vue.js"),
    "angular": ("angular", "angularjs", "angular.js"),
    "python": ("python",),
    "django": ("django",),
    "ruby_on_rails": ("ruby on rails", "rails", "ror", "ruby"),
    "nodejs": ("node.js", "nodejs", "node"),
    "java": ("java",),
    "go": ("go", "golang"),
    "kubernetes": ("kubernetes", "k8s"),
    "docker": ("docker",),
    "postgresql": ("postgresql", "postgres"),
    "mysql": ("mysql",),
    "mongodb": ("mongodb", "mongo"),
    "snowflake": ("snowflake",),
    "segment": ("segment", "segment.io", "twilio segment"),
    "intercom": ("intercom",),
    "zendesk": ("zendesk",),
    "wordpress": ("wordpress", "wp engine", "woocommerce"),
    "google_analytics": ("google analytics", "ga4", "universal analytics"),
    "slack": ("slack",),
    "jira": ("jira", "atlassian jira"),
    "marketo": ("marketo", "adobe marketo", "marketo engage"),
}

TECH_NEEDS_CUE: Final[frozenset[str]] = frozenset({
    "stripe", "react", "vue", "angular", "python", "rails", "ruby", "node", "java", "go",
    "docker", "mongo", "snowflake", "segment", "intercom", "slack", "azure",
})
# fmt: on
# Of those, the ones that need their capital even after a cue ("using Go").
TECH_NEEDS_CAPITAL: Final[frozenset[str]] = frozenset({"go", "node"})

# Words before a technology that say "this company's stack includes".
# fmt: off
TECH_CUES: Final[tuple[tuple[str, ...], ...]] = (
    ("using",), ("use",), ("uses",), ("used",), ("on",), ("with",), ("running",), ("runs",),
    ("run",), ("built", "on"), ("built", "with"), ("powered", "by"), ("based", "on"),
    ("customers", "of"), ("users", "of"), ("tech", "stack"), ("stack",),
)
# Nouns after a technology with the same meaning ("React shops", "Shopify stores").
TECH_STACK_NOUNS: Final[frozenset[str]] = frozenset({
    "shop", "shops", "store", "stores", "merchant", "merchants", "user", "users", "customer",
    "customers", "client", "clients", "stack", "site", "sites", "website", "websites", "app",
    "apps", "house", "houses", "based", "powered", "brand", "brands",
})
# fmt: on

# Company-size words -> (min employees, max employees or None).
SIZE_WORDS: Final[dict[str, tuple[int, int | None]]] = {
    "startup": (1, 50),
    "start-up": (1, 50),
    "early startup": (1, 50),
    "small business": (1, 50),
    "small company": (1, 50),
    "small firm": (1, 50),
    "micro business": (1, 10),
    "microbusiness": (1, 10),
    "smb": (1, 200),
    "sme": (1, 200),
    "small and medium business": (1, 200),
    "small and medium-sized business": (1, 200),
    "small and medium sized business": (1, 200),
    "small and medium enterprise": (1, 200),
    "small and medium-sized enterprise": (1, 200),
    "small to medium business": (1, 200),
    "small to medium-sized business": (1, 200),
    "small and mid-sized business": (1, 200),
    "scaleup": (51, 500),
    "scale-up": (51, 500),
    "mid-market": (201, 1000),
    "midmarket": (201, 1000),
    "mid market": (201, 1000),
    "mid-sized": (51, 1000),
    "midsized": (51, 1000),
    "mid-size": (51, 1000),
    "midsize": (51, 1000),
    "medium-sized": (51, 1000),
    "medium sized": (51, 1000),
    "medium-size": (51, 1000),
    "medium business": (51, 1000),
    "medium-sized business": (51, 1000),
    "enterprise": (1001, None),
    "large enterprise": (1001, None),
    "large company": (1001, None),
    "large companies": (1001, None),
    "large corporation": (1001, None),
    "big company": (1001, None),
    "big companies": (1001, None),
    "corporate": (1001, None),
    "corporation": (1001, None),
    "multinational": (1001, None),
    "mnc": (1001, None),
}
# Size adjectives, which count when a company noun follows within a few words
# ("small SaaS companies", "large banks").
SIZE_ADJECTIVES: Final[dict[str, tuple[int, int | None]]] = {
    "tiny": (1, 10),
    "small": (1, 50),
    "smaller": (1, 50),
    "mid-sized": (51, 1000),
    "midsized": (51, 1000),
    "mid-size": (51, 1000),
    "midsize": (51, 1000),
    "medium-sized": (51, 1000),
    "medium": (51, 1000),
    "large": (1001, None),
    "larger": (1001, None),
    "big": (1001, None),
    "huge": (5001, None),
    "giant": (5001, None),
}
# "enterprise" is a size only when it qualifies a company, not "enterprise sales".
# fmt: off
ENTERPRISE_NOUNS: Final[frozenset[str]] = frozenset({
    "company", "companies", "firm", "firms", "business", "businesses", "organization",
    "organizations", "organisation", "organisations", "org", "orgs", "brand", "brands",
    "corporation", "corporations",
})
COMPANY_NOUNS: Final[frozenset[str]] = ENTERPRISE_NOUNS | frozenset({
    "startup", "startups", "agency", "agencies", "team", "teams", "shop", "shops", "bank",
    "banks", "player", "players", "vendor", "vendors", "provider", "providers", "retailer",
    "retailers", "manufacturer", "manufacturers", "enterprises", "ones",
})
# fmt: on
