"""Canonical vocabularies shared by the prompt parser, the sources and the index.

Every filter value Leadsmith stores or compares is one of these slugs; synonyms and
gazetteers that map free text onto them live next to the parser.
"""

from __future__ import annotations

# Seniority words, most senior first (PRODUCT.md / issue 5).
SENIORITIES: tuple[str, ...] = (
    "owner",
    "founder",
    "c_suite",
    "partner",
    "vp",
    "head",
    "director",
    "manager",
    "senior",
    "entry",
)

DEPARTMENTS: tuple[str, ...] = (
    "executive",
    "engineering",
    "product",
    "design",
    "sales",
    "marketing",
    "customer_success",
    "operations",
    "finance",
    "hr",
    "legal",
    "it",
    "data",
    "research",
    "education",
    "medical",
)

# Industry slug -> display name.
INDUSTRIES: dict[str, str] = {
    "saas": "SaaS",
    "software": "Software",
    "fintech": "Fintech",
    "banking": "Banking",
    "insurance": "Insurance",
    "ecommerce": "E-commerce",
    "retail": "Retail",
    "healthcare": "Healthcare",
    "biotech": "Biotech",
    "pharma": "Pharmaceuticals",
    "edtech": "Edtech",
    "education": "Education",
    "manufacturing": "Manufacturing",
    "automotive": "Automotive",
    "logistics": "Logistics",
    "real_estate": "Real estate",
    "construction": "Construction",
    "energy": "Energy",
    "telecom": "Telecommunications",
    "media": "Media",
    "marketing_advertising": "Marketing & advertising",
    "consulting": "Consulting",
    "legal_services": "Legal services",
    "hospitality": "Hospitality",
    "travel": "Travel",
    "food_beverage": "Food & beverage",
    "agriculture": "Agriculture",
    "gaming": "Gaming",
    "cybersecurity": "Cybersecurity",
    "ai_ml": "AI & machine learning",
    "hardware": "Hardware",
    "nonprofit": "Non-profit",
    "government": "Government",
    "staffing": "Staffing & recruiting",
}

# Company size bands (employees), as used in seed 000 ("1-50", "51-200", ...).
COMPANY_SIZE_BANDS: tuple[tuple[int, int | None], ...] = (
    (1, 10),
    (11, 50),
    (51, 200),
    (201, 500),
    (501, 1000),
    (1001, 5000),
    (5001, 10000),
    (10001, None),
)

# Technology slug -> display name.
TECHNOLOGIES: dict[str, str] = {
    "aws": "AWS",
    "gcp": "Google Cloud",
    "azure": "Azure",
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "shopify": "Shopify",
    "stripe": "Stripe",
    "react": "React",
    "vue": "Vue.js",
    "angular": "Angular",
    "python": "Python",
    "django": "Django",
    "ruby_on_rails": "Ruby on Rails",
    "nodejs": "Node.js",
    "java": "Java",
    "go": "Go",
    "kubernetes": "Kubernetes",
    "docker": "Docker",
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "mongodb": "MongoDB",
    "snowflake": "Snowflake",
    "segment": "Segment",
    "intercom": "Intercom",
    "zendesk": "Zendesk",
    "wordpress": "WordPress",
    "google_analytics": "Google Analytics",
    "slack": "Slack",
    "jira": "Jira",
    "marketo": "Marketo",
}
