"""The prompt parser on a table of prompts: every field it reads, nothing it should not.

Locations are written "CC", "CC:REGION" or "CC::City" ("US:US-TX:Austin"), or "@group"
for a group of countries; a field left out of an expectation must come out empty.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import pytest

from leadsmith.search.filters import LocationFilter, SearchFilters, SizeRange
from leadsmith.search.parser import load_gazetteers, parse_prompt
from leadsmith.search.parser.locations import group_countries

CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "SaaS founders in India",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "locations": ["IN"],
        },
    ),
    ("Founders in India", {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["IN"]}),
    ("founders", {"titles": ["Founder"], "seniorities": ["founder"]}),
    (
        "VP of Sales at fintech startups in London",
        {
            "titles": ["VP of Sales"],
            "seniorities": ["vp"],
            "departments": ["sales"],
            "industries": ["fintech"],
            "locations": ["GB::London"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "VPs of Sales in Germany",
        {
            "titles": ["VP of Sales"],
            "seniorities": ["vp"],
            "departments": ["sales"],
            "locations": ["DE"],
        },
    ),
    ("CTOs", {"titles": ["CTO"], "seniorities": ["c_suite"], "departments": ["engineering"]}),
    (
        "CTOs in Berlin",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "locations": ["DE::Berlin"],
        },
    ),
    (
        "heads of growth at D2C brands",
        {
            "titles": ["Head of Growth"],
            "seniorities": ["head"],
            "departments": ["marketing"],
            "industries": ["ecommerce"],
        },
    ),
    (
        "Heads of Growth in the US",
        {
            "titles": ["Head of Growth"],
            "seniorities": ["head"],
            "departments": ["marketing"],
            "locations": ["US"],
        },
    ),
    (
        "engineering managers in Amsterdam",
        {
            "titles": ["Engineering Manager"],
            "seniorities": ["manager"],
            "departments": ["engineering"],
            "locations": ["NL::Amsterdam"],
        },
    ),
    (
        "senior data scientists in NYC",
        {
            "titles": ["Senior Data Scientist"],
            "seniorities": ["senior"],
            "departments": ["data"],
            "locations": ["US::New York"],
        },
    ),
    (
        "marketing directors in Paris",
        {
            "titles": ["Marketing Director"],
            "seniorities": ["director"],
            "departments": ["marketing"],
            "locations": ["FR::Paris"],
        },
    ),
    (
        "Marketing Directors at e-commerce companies",
        {
            "titles": ["Marketing Director"],
            "seniorities": ["director"],
            "departments": ["marketing"],
            "industries": ["ecommerce"],
        },
    ),
    (
        "CEOs of B2B software companies in Canada",
        {
            "titles": ["CEO"],
            "seniorities": ["c_suite"],
            "departments": ["executive"],
            "industries": ["saas"],
            "locations": ["CA"],
        },
    ),
    (
        "co-founders of healthtech startups in Boston",
        {
            "titles": ["Co-Founder"],
            "seniorities": ["founder"],
            "industries": ["healthcare"],
            "locations": ["US::Boston"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "technical co-founders in San Francisco",
        {
            "titles": ["Technical Co-Founder"],
            "seniorities": ["founder"],
            "locations": ["US::San Francisco"],
        },
    ),
    (
        "chief revenue officers at SaaS companies",
        {
            "titles": ["Chief Revenue Officer"],
            "seniorities": ["c_suite"],
            "departments": ["sales"],
            "industries": ["saas"],
        },
    ),
    (
        "Chief Technology Officers in Israel",
        {
            "titles": ["Chief Technology Officer"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "locations": ["IL"],
        },
    ),
    (
        "head of engineering at banks in Singapore",
        {
            "titles": ["Head of Engineering"],
            "seniorities": ["head"],
            "departments": ["engineering"],
            "industries": ["banking"],
            "locations": ["SG"],
        },
    ),
    (
        "directors of engineering in Seattle",
        {
            "titles": ["Director of Engineering"],
            "seniorities": ["director"],
            "departments": ["engineering"],
            "locations": ["US::Seattle"],
        },
    ),
    (
        "product managers in Stockholm",
        {
            "titles": ["Product Manager"],
            "seniorities": ["manager"],
            "departments": ["product"],
            "locations": ["SE::Stockholm"],
        },
    ),
    (
        "senior product designers in Copenhagen",
        {
            "titles": ["Senior Product Designer"],
            "seniorities": ["senior"],
            "departments": ["design"],
            "locations": ["DK::Copenhagen"],
        },
    ),
    (
        "software engineers in Bangalore",
        {
            "titles": ["Software Engineer"],
            "departments": ["engineering"],
            "locations": ["IN::Bengaluru"],
        },
    ),
    (
        "React developers in Lisbon",
        {
            "titles": ["React Developer"],
            "departments": ["engineering"],
            "locations": ["PT::Lisbon"],
        },
    ),
    (
        "Salesforce admins in Chicago",
        {"titles": ["Salesforce Admin"], "locations": ["US::Chicago"]},
    ),
    (
        "account executives at cybersecurity companies",
        {
            "titles": ["Account Executive"],
            "departments": ["sales"],
            "industries": ["cybersecurity"],
        },
    ),
    (
        "SDRs in Dublin",
        {
            "titles": ["SDR"],
            "seniorities": ["entry"],
            "departments": ["sales"],
            "locations": ["IE::Dublin"],
        },
    ),
    (
        "recruiters at staffing agencies in Texas",
        {
            "titles": ["Recruiter"],
            "departments": ["hr"],
            "industries": ["staffing"],
            "locations": ["US:US-TX"],
        },
    ),
    (
        "HR managers in Ontario",
        {
            "titles": ["HR Manager"],
            "seniorities": ["manager"],
            "departments": ["hr"],
            "locations": ["CA:CA-ON"],
        },
    ),
    (
        "customer success managers at SaaS in Sydney",
        {
            "titles": ["Customer Success Manager"],
            "seniorities": ["manager"],
            "departments": ["customer_success"],
            "industries": ["saas"],
            "locations": ["AU::Sydney"],
        },
    ),
    (
        "COOs at logistics companies in Rotterdam",
        {
            "titles": ["COO"],
            "seniorities": ["c_suite"],
            "departments": ["operations"],
            "industries": ["logistics"],
            "locations": ["NL::Rotterdam"],
        },
    ),
    (
        "CFOs at insurance companies in Switzerland",
        {
            "titles": ["CFO"],
            "seniorities": ["c_suite"],
            "departments": ["finance"],
            "industries": ["insurance"],
            "locations": ["CH"],
        },
    ),
    (
        "CMOs at D2C brands in California",
        {
            "titles": ["CMO"],
            "seniorities": ["c_suite"],
            "departments": ["marketing"],
            "industries": ["ecommerce"],
            "locations": ["US:US-CA"],
        },
    ),
    (
        "owners of restaurants in Austin",
        {
            "titles": ["Owner"],
            "seniorities": ["owner"],
            "industries": ["food_beverage"],
            "locations": ["US::Austin"],
        },
    ),
    (
        "business owners in Florida",
        {"titles": ["Business Owner"], "seniorities": ["owner"], "locations": ["US:US-FL"]},
    ),
    (
        "partners at law firms in New York",
        {
            "titles": ["Partner"],
            "seniorities": ["partner"],
            "industries": ["legal_services"],
            "locations": ["US::New York"],
        },
    ),
    (
        "managing directors at consulting firms in Frankfurt",
        {
            "titles": ["Managing Director"],
            "seniorities": ["director"],
            "departments": ["executive"],
            "industries": ["consulting"],
            "locations": ["DE::Frankfurt"],
        },
    ),
    (
        "sales leaders in EMEA",
        {
            "seniorities": ["c_suite", "vp", "head", "director"],
            "departments": ["sales"],
            "locations": "@emea",
        },
    ),
    (
        "C-level executives at enterprise companies",
        {"seniorities": ["c_suite"], "company_size": {"min": 1001, "max": None}},
    ),
    (
        "director and above in finance",
        {
            "seniorities": ["owner", "founder", "c_suite", "partner", "vp", "head", "director"],
            "departments": ["finance"],
        },
    ),
    ("VP-level marketing people", {"seniorities": ["vp"], "departments": ["marketing"]}),
    (
        "senior engineers at AI startups",
        {
            "titles": ["Senior Engineer"],
            "seniorities": ["senior"],
            "departments": ["engineering"],
            "industries": ["ai_ml"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "junior developers in Poland",
        {
            "titles": ["Junior Developer"],
            "seniorities": ["entry"],
            "departments": ["engineering"],
            "locations": ["PL"],
        },
    ),
    (
        "interns in Madrid",
        {"titles": ["Intern"], "seniorities": ["entry"], "locations": ["ES::Madrid"]},
    ),
    (
        "people in marketing at fintechs in Nigeria",
        {"departments": ["marketing"], "industries": ["fintech"], "locations": ["NG"]},
    ),
    (
        "IT directors at hospitals in Ohio",
        {
            "titles": ["IT Director"],
            "seniorities": ["director"],
            "departments": ["it"],
            "industries": ["healthcare"],
            "locations": ["US:US-OH"],
        },
    ),
    (
        "data engineers using Snowflake",
        {"titles": ["Data Engineer"], "departments": ["data"], "technologies": ["snowflake"]},
    ),
    (
        "devops engineers on AWS",
        {"titles": ["DevOps Engineer"], "departments": ["engineering"], "technologies": ["aws"]},
    ),
    ("companies using Shopify in Australia", {"technologies": ["shopify"], "locations": ["AU"]}),
    ("React shops in Toronto", {"technologies": ["react"], "locations": ["CA::Toronto"]}),
    (
        "marketing managers at companies with HubSpot",
        {
            "titles": ["Marketing Manager"],
            "seniorities": ["manager"],
            "departments": ["marketing"],
            "technologies": ["hubspot"],
        },
    ),
    (
        "founders using Stripe and Segment",
        {"titles": ["Founder"], "seniorities": ["founder"], "technologies": ["stripe", "segment"]},
    ),
    (
        "Go developers in Singapore",
        {"titles": ["Go Developer"], "departments": ["engineering"], "locations": ["SG"]},
    ),
    ("Python shops in Berlin", {"technologies": ["python"], "locations": ["DE::Berlin"]}),
    (
        "CTOs at companies running Kubernetes on GCP",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "technologies": ["kubernetes", "gcp"],
        },
    ),
    ("startups in Munich", {"locations": ["DE::Munich"], "company_size": {"min": 1, "max": 50}}),
    ("SMBs in Spain", {"locations": ["ES"], "company_size": {"min": 1, "max": 200}}),
    (
        "mid-market SaaS in the Nordics",
        {
            "industries": ["saas"],
            "locations": "@nordics",
            "company_size": {"min": 201, "max": 1000},
        },
    ),
    (
        "enterprise banks in the UK",
        {
            "industries": ["banking"],
            "locations": ["GB"],
            "company_size": {"min": 1001, "max": None},
        },
    ),
    (
        "companies with 51-200 employees in France",
        {"locations": ["FR"], "company_size": {"min": 51, "max": 200}},
    ),
    (
        "companies with over 1000 employees in Japan",
        {"locations": ["JP"], "company_size": {"min": 1001, "max": None}},
    ),
    (
        "agencies with fewer than 10 people in Brazil",
        {
            "industries": ["marketing_advertising"],
            "locations": ["BR"],
            "company_size": {"min": 1, "max": 9},
        },
    ),
    ("companies with 10 to 50 staff", {"company_size": {"min": 10, "max": 50}}),
    ("between 200 and 500 employees", {"company_size": {"min": 200, "max": 500}}),
    (
        "1000+ employees fintech in Mexico",
        {
            "industries": ["fintech"],
            "locations": ["MX"],
            "company_size": {"min": 1000, "max": None},
        },
    ),
    (
        "small marketing agencies in Manchester",
        {
            "industries": ["marketing_advertising"],
            "locations": ["GB::Manchester"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "large retailers in Germany",
        {"industries": ["retail"], "locations": ["DE"], "company_size": {"min": 1001, "max": None}},
    ),
    (
        "50-person startups in Austin",
        {"locations": ["US::Austin"], "company_size": {"min": 11, "max": 50}},
    ),
    (
        "founders of companies with 1k-5k employees",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "company_size": {"min": 1000, "max": 5000},
        },
    ),
    (
        "SaaS founders not in California",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "unsupported": "not in California",
        },
    ),
    (
        "marketing directors excluding agencies",
        {
            "titles": ["Marketing Director"],
            "seniorities": ["director"],
            "departments": ["marketing"],
            "unsupported": "excluding agencies",
        },
    ),
    (
        "fintech CTOs who raised Series B last month",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "industries": ["fintech"],
            "unsupported": "who raised Series B last month",
        },
    ),
    ("companies hiring in the last 30 days", {"unsupported": "hiring in the last 30 days"}),
    (
        "CEOs at companies with more than $10M revenue",
        {
            "titles": ["CEO"],
            "seniorities": ["c_suite"],
            "departments": ["executive"],
            "unsupported": "with more than $10M revenue",
        },
    ),
    (
        "founders in Europe except Germany",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": "@europe",
            "unsupported": "except Germany",
        },
    ),
    (
        "non-technical founders in London",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": ["GB::London"],
            "unsupported": "non-technical",
        },
    ),
    (
        "CTOs who don't use Salesforce",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "unsupported": "who don't use Salesforce",
        },
    ),
    (
        "female founders in Kenya",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": ["KE"],
            "unsupported": "female",
        },
    ),
    (
        "Spanish-speaking sales reps in Miami",
        {
            "titles": ["Sales Rep"],
            "departments": ["sales"],
            "locations": ["US::Miami"],
            "unsupported": "Spanish-speaking",
        },
    ),
    (
        "ex-Google engineers in Zurich",
        {
            "titles": ["Engineer"],
            "departments": ["engineering"],
            "locations": ["CH::Zürich"],
            "unsupported": "ex-Google",
        },
    ),
    (
        "fast-growing SaaS companies in Austin",
        {"industries": ["saas"], "locations": ["US::Austin"], "unsupported": "fast-growing"},
    ),
    (
        "VC-backed startups in Paris",
        {
            "locations": ["FR::Paris"],
            "unsupported": "VC-backed",
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "founders with 10+ years of experience",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "unsupported": "with 10+ years of experience",
        },
    ),
    (
        "CTOs at Series A startups",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "unsupported": "Series A",
            "company_size": {"min": 1, "max": 50},
        },
    ),
    ("companies with no website", {"unsupported": "no website"}),
    (
        "CFOs at public companies in the US",
        {
            "titles": ["CFO"],
            "seniorities": ["c_suite"],
            "departments": ["finance"],
            "locations": ["US"],
            "unsupported": "public companies",
        },
    ),
    (
        "recently promoted VPs of Marketing",
        {
            "titles": ["VP of Marketing"],
            "seniorities": ["vp"],
            "departments": ["marketing"],
            "unsupported": "recently promoted",
        },
    ),
    (
        "people who changed jobs in the past 3 months",
        {"unsupported": "who changed jobs in the past 3 months"},
    ),
    (
        "heads of sales at companies similar to Stripe",
        {
            "titles": ["Head of Sales"],
            "seniorities": ["head"],
            "departments": ["sales"],
            "unsupported": "similar to Stripe",
        },
    ),
    (
        "Indian SaaS founders",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "locations": ["IN"],
        },
    ),
    (
        "German engineering managers",
        {
            "titles": ["Engineering Manager"],
            "seniorities": ["manager"],
            "departments": ["engineering"],
            "locations": ["DE"],
        },
    ),
    (
        "French fintech CEOs",
        {
            "titles": ["CEO"],
            "seniorities": ["c_suite"],
            "departments": ["executive"],
            "industries": ["fintech"],
            "locations": ["FR"],
        },
    ),
    (
        "Dutch e-commerce founders",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["ecommerce"],
            "locations": ["NL"],
        },
    ),
    ("Nordic fintechs", {"industries": ["fintech"], "locations": "@nordics"}),
    (
        "European SaaS CTOs",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "industries": ["saas"],
            "locations": "@europe",
        },
    ),
    (
        "LATAM e-commerce founders",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["ecommerce"],
            "locations": "@latam",
        },
    ),
    (
        "APAC sales directors",
        {
            "titles": ["Sales Director"],
            "seniorities": ["director"],
            "departments": ["sales"],
            "locations": "@apac",
        },
    ),
    (
        "Southeast Asian founders",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": "@southeast asia"},
    ),
    (
        "founders in DACH",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["AT", "CH", "DE"]},
    ),
    ("banks in the Middle East", {"industries": ["banking"], "locations": "@middle east"}),
    (
        "fintech founders in the GCC",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["fintech"],
            "locations": "@gcc",
        },
    ),
    (
        "CTOs in Benelux",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "locations": ["BE", "LU", "NL"],
        },
    ),
    (
        "founders in the States",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US"]},
    ),
    (
        "founders in the USA",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US"]},
    ),
    (
        "founders in the U.S.",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US"]},
    ),
    ("UK founders", {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["GB"]}),
    (
        "CEOs in the UAE",
        {
            "titles": ["CEO"],
            "seniorities": ["c_suite"],
            "departments": ["executive"],
            "locations": ["AE"],
        },
    ),
    (
        "founders in South Korea",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["KR"]},
    ),
    (
        "founders in Bengaluru, India",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["IN::Bengaluru"]},
    ),
    (
        "founders in Austin, TX",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-TX:Austin"]},
    ),
    (
        "founders in Paris, Texas",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-TX:Paris"]},
    ),
    (
        "founders in Portland, Oregon",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-OR:Portland"]},
    ),
    (
        "founders in Cambridge, MA",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-MA:Cambridge"]},
    ),
    (
        "founders in Cambridge",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["GB::Cambridge"]},
    ),
    (
        "founders in London, Ontario",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["CA:CA-ON:London"]},
    ),
    (
        "founders in Palo Alto, CA",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-CA:Palo Alto"]},
    ),
    (
        "founders in Washington DC",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-DC:Washington"]},
    ),
    (
        "founders in Washington",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-WA"]},
    ),
    (
        "founders in Georgia",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-GA"]},
    ),
    (
        "founders in Tbilisi, Georgia",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["GE::Tbilisi"]},
    ),
    (
        "founders in Reading",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["GB::Reading"]},
    ),
    (
        "reading lists for founders",
        {"titles": ["Founder"], "seniorities": ["founder"], "keywords": ["reading"]},
    ),
    (
        "Mobile developers in Reading",
        {
            "titles": ["Mobile Developer"],
            "departments": ["engineering"],
            "locations": ["GB::Reading"],
        },
    ),
    (
        "engineers in Nice",
        {"titles": ["Engineer"], "departments": ["engineering"], "locations": ["FR::Nice"]},
    ),
    (
        "nice founders in Berlin",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "keywords": ["nice"],
            "locations": ["DE::Berlin"],
        },
    ),
    (
        "founders in New York",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US::New York"]},
    ),
    (
        "CTOs in New York City",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "locations": ["US::New York"],
        },
    ),
    (
        "founders in Silicon Valley",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-CA"]},
    ),
    (
        "founders in the Bay Area",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-CA"]},
    ),
    (
        "founders in Quebec",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["CA:CA-QC"]},
    ),
    (
        "founders in Delhi",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["IN::Delhi"]},
    ),
    (
        "founders in Mumbai and Pune",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": ["IN::Mumbai", "IN::Pune"],
        },
    ),
    (
        "founders in Berlin, Munich and Hamburg",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": ["DE::Berlin", "DE::Munich", "DE::Hamburg"],
        },
    ),
    (
        "founders in Bavaria",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["DE:DE-BY"]},
    ),
    (
        "founders in Scotland",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["GB:GB-SCT"]},
    ),
    (
        "founders in Catalonia",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["ES:ES-CT"]},
    ),
    (
        "Berlin-based founders",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["DE::Berlin"]},
    ),
    (
        "founders from Lagos",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["NG::Lagos"]},
    ),
    (
        "founders in Jordan",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["JO"]},
    ),
    (
        "jordan founders",
        {"titles": ["Founder"], "seniorities": ["founder"], "keywords": ["jordan"]},
    ),
    ("in Chad", {"locations": ["TD"]}),
    (
        "Find me 50 leads: SaaS founders in India",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "locations": ["IN"],
        },
    ),
    (
        "find people who are CTOs at fintech companies in Singapore",
        {
            "titles": ["CTO"],
            "seniorities": ["c_suite"],
            "departments": ["engineering"],
            "industries": ["fintech"],
            "locations": ["SG"],
        },
    ),
    (
        "open source developer tools founders",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["software"],
            "keywords": ["open source"],
        },
    ),
    ("PLG companies in Europe", {"keywords": ["PLG"], "locations": "@europe"}),
    (
        "remote-first startups",
        {"keywords": ["remote-first"], "company_size": {"min": 1, "max": 50}},
    ),
    ("Web3 founders", {"titles": ["Founder"], "seniorities": ["founder"], "keywords": ["Web3"]}),
    (
        "climate tech founders in Denmark",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["energy"],
            "locations": ["DK"],
        },
    ),
    (
        "edtech founders in Vietnam",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["edtech"],
            "locations": ["VN"],
        },
    ),
    (
        "proptech founders in Dubai",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["real_estate"],
            "locations": ["AE::Dubai"],
        },
    ),
    (
        "insurtech CEOs in Zurich",
        {
            "titles": ["CEO"],
            "seniorities": ["c_suite"],
            "departments": ["executive"],
            "industries": ["insurance"],
            "locations": ["CH::Zürich"],
        },
    ),
    (
        "agritech founders in Kenya",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["agriculture"],
            "locations": ["KE"],
        },
    ),
    ("telcos in Indonesia", {"industries": ["telecom"], "locations": ["ID"]}),
    ("game studios in Montreal", {"industries": ["gaming"], "locations": ["CA::Montréal"]}),
    ("nonprofits in Ohio", {"industries": ["nonprofit"], "locations": ["US:US-OH"]}),
    ("law firms in Chicago", {"industries": ["legal_services"], "locations": ["US::Chicago"]}),
    ("hotels in Bali", {"industries": ["hospitality"], "locations": ["ID:ID-BA"]}),
    ("pharma companies in Basel", {"industries": ["pharma"], "locations": ["CH::Basel"]}),
    (
        "biotech founders in Boston",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["biotech"],
            "locations": ["US::Boston"],
        },
    ),
    (
        "automotive engineers in Stuttgart",
        {
            "titles": ["Engineer"],
            "departments": ["engineering"],
            "industries": ["automotive"],
            "locations": ["DE::Stuttgart"],
        },
    ),
    ("media companies in LA", {"industries": ["media"], "locations": ["US::Los Angeles"]}),
    (
        "real estate agents in Miami",
        {"industries": ["real_estate"], "keywords": ["agents"], "locations": ["US::Miami"]},
    ),
    (
        "construction companies in Texas",
        {"industries": ["construction"], "locations": ["US:US-TX"]},
    ),
    ("energy companies in Houston", {"industries": ["energy"], "locations": ["US::Houston"]}),
    ("oil and gas companies in Calgary", {"industries": ["energy"], "locations": ["CA::Calgary"]}),
    ("food and beverage brands in Italy", {"industries": ["food_beverage"], "locations": ["IT"]}),
    ("gaming companies in Seoul", {"industries": ["gaming"], "locations": ["KR::Seoul"]}),
    (
        "cybersecurity startups in Tel Aviv",
        {
            "industries": ["cybersecurity"],
            "locations": ["IL::Tel Aviv"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "hardware startups in Shenzhen",
        {
            "industries": ["hardware"],
            "locations": ["CN::Shenzhen"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "government agencies in Washington DC",
        {"industries": ["government"], "locations": ["US:US-DC:Washington"]},
    ),
    (
        "manufacturing companies in Ohio",
        {"industries": ["manufacturing"], "locations": ["US:US-OH"]},
    ),
    (
        "logistics startups in Rotterdam",
        {
            "industries": ["logistics"],
            "locations": ["NL::Rotterdam"],
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "CEOs, CTOs and founders",
        {
            "titles": ["CEO", "CTO", "Founder"],
            "seniorities": ["c_suite", "founder"],
            "departments": ["executive", "engineering"],
        },
    ),
    (
        "founders & CEOs in Berlin",
        {
            "titles": ["Founder", "CEO"],
            "seniorities": ["founder", "c_suite"],
            "departments": ["executive"],
            "locations": ["DE::Berlin"],
        },
    ),
    (
        "sales and marketing VPs",
        {
            "titles": ["Sales VP", "Marketing VP"],
            "seniorities": ["vp"],
            "departments": ["sales", "marketing"],
        },
    ),
    (
        "heads of sales and marketing",
        {
            "titles": ["Head of Sales", "Head of Marketing"],
            "seniorities": ["head"],
            "departments": ["sales", "marketing"],
        },
    ),
    ("UX/UI designers", {"titles": ["UX Designer", "UI Designer"], "departments": ["design"]}),
    (
        "CEO/Founder in Kenya",
        {
            "titles": ["CEO", "Founder"],
            "seniorities": ["c_suite", "founder"],
            "departments": ["executive"],
            "locations": ["KE"],
        },
    ),
    (
        "VP Sales in Canada",
        {
            "titles": ["VP Sales"],
            "seniorities": ["vp"],
            "departments": ["sales"],
            "locations": ["CA"],
        },
    ),
    (
        "VP+ in sales",
        {"seniorities": ["owner", "founder", "c_suite", "partner", "vp"], "departments": ["sales"]},
    ),
    (
        "founders, not agencies, in Berlin",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": ["DE::Berlin"],
            "unsupported": "not agencies",
        },
    ),
    (
        "excluding banks, insurers and agencies, founders in London",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "locations": ["GB::London"],
            "unsupported": "excluding banks, insurers and agencies",
        },
    ),
    (
        "fintech founders outside the US",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["fintech"],
            "unsupported": "outside the US",
        },
    ),
    (
        "CEOs in Germany but not Berlin",
        {
            "titles": ["CEO"],
            "seniorities": ["c_suite"],
            "departments": ["executive"],
            "locations": ["DE"],
            "unsupported": "not Berlin",
        },
    ),
    (
        "founders in Portland, ME",
        {"titles": ["Founder"], "seniorities": ["founder"], "locations": ["US:US-ME:Portland"]},
    ),
    (
        "SaaS founders in India.",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "locations": ["IN"],
        },
    ),
    (
        "SAAS FOUNDERS IN INDIA",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "locations": ["IN"],
        },
    ),
    (
        "SaaS Founders In India",
        {
            "titles": ["Founder"],
            "seniorities": ["founder"],
            "industries": ["saas"],
            "locations": ["IN"],
        },
    ),
    (
        "revenue operations managers",
        {
            "titles": ["Revenue Operations Manager"],
            "seniorities": ["manager"],
            "departments": ["operations"],
        },
    ),
    ("companies with $10M in sales", {"unsupported": "with $10M in sales"}),
    (
        "product marketing managers at B2B SaaS",
        {
            "titles": ["Product Marketing Manager"],
            "seniorities": ["manager"],
            "departments": ["marketing"],
            "industries": ["saas"],
        },
    ),
    (
        "growth marketers at D2C brands in London",
        {
            "titles": ["Growth Marketer"],
            "departments": ["marketing"],
            "industries": ["ecommerce"],
            "locations": ["GB::London"],
        },
    ),
    (
        "frontend engineers using Vue.js in Warsaw",
        {
            "titles": ["Frontend Engineer"],
            "departments": ["engineering"],
            "technologies": ["vue"],
            "locations": ["PL::Warsaw"],
        },
    ),
    (
        "companies using Shopify, Stripe and Klaviyo",
        {"technologies": ["shopify", "stripe"], "keywords": ["Klaviyo"]},
    ),
    (
        "people using Salesforce or HubSpot in Canada",
        {"technologies": ["salesforce", "hubspot"], "locations": ["CA"]},
    ),
    ("companies on Azure in Sweden", {"technologies": ["azure"], "locations": ["SE"]}),
    (
        "WordPress agencies in Lagos",
        {
            "industries": ["marketing_advertising"],
            "technologies": ["wordpress"],
            "locations": ["NG::Lagos"],
        },
    ),
    (
        "Chief People Officers at tech companies",
        {
            "titles": ["Chief People Officer"],
            "seniorities": ["c_suite"],
            "departments": ["hr"],
            "industries": ["software"],
        },
    ),
    (
        "General Counsel at fintechs in New York",
        {
            "titles": ["General Counsel"],
            "departments": ["legal"],
            "industries": ["fintech"],
            "locations": ["US::New York"],
        },
    ),
    (
        "founding engineers at YC startups",
        {
            "titles": ["Founding Engineer"],
            "departments": ["engineering"],
            "unsupported": "YC",
            "company_size": {"min": 1, "max": 50},
        },
    ),
    (
        "staff engineers at Series C companies",
        {
            "titles": ["Staff Engineer"],
            "seniorities": ["senior"],
            "departments": ["engineering"],
            "unsupported": "Series C",
        },
    ),
    (
        "engineering leaders at scaleups in Berlin",
        {
            "seniorities": ["c_suite", "vp", "head", "director"],
            "departments": ["engineering"],
            "locations": ["DE::Berlin"],
            "company_size": {"min": 51, "max": 500},
        },
    ),
    (
        "decision makers at mid-sized manufacturers in Germany",
        {
            "seniorities": ["owner", "founder", "c_suite", "partner", "vp", "head", "director"],
            "industries": ["manufacturing"],
            "locations": ["DE"],
            "company_size": {"min": 51, "max": 1000},
        },
    ),
]


def _location(spec: str) -> LocationFilter:
    country, region, city = [*spec.split(":"), "", ""][:3]
    return LocationFilter(country=country or None, region=region or None, city=city or None)


def _locations(spec: str | list[str]) -> list[LocationFilter]:
    if isinstance(spec, str):
        return [LocationFilter(country=code) for code in group_countries(spec.removeprefix("@"))]
    return [_location(s) for s in spec]


def _check(filters: SearchFilters, expected: dict[str, Any]) -> None:
    for field in ("titles", "seniorities", "departments", "industries", "technologies"):
        assert getattr(filters, field) == expected.get(field, []), field
    assert filters.locations == _locations(expected.get("locations", [])), "locations"
    size = expected.get("company_size")
    assert filters.company_size == (None if size is None else SizeRange(**size)), "size"
    assert filters.unsupported == expected.get("unsupported"), "unsupported"
    if "keywords" in expected:
        assert filters.keywords == expected["keywords"], "keywords"


@pytest.mark.parametrize(("prompt", "expected"), CASES, ids=[p for p, _ in CASES])
def test_prompt(prompt: str, expected: dict[str, Any]) -> None:
    _check(parse_prompt(prompt), expected)


def test_seed_000_example() -> None:
    filters = parse_prompt("SaaS founders in India")
    assert filters == SearchFilters(
        titles=["Founder"],
        seniorities=["founder"],
        industries=["saas"],
        locations=[LocationFilter(country="IN")],
    )


def test_country_groups_expand_to_their_countries() -> None:
    assert [loc.country for loc in parse_prompt("founders in DACH").locations] == ["AT", "CH", "DE"]
    nordics = [loc.country for loc in parse_prompt("CTOs in the Nordics").locations]
    assert nordics == ["DK", "FI", "IS", "NO", "SE"]
    sea = {loc.country for loc in parse_prompt("founders in Southeast Asia").locations}
    assert {"SG", "ID", "VN", "TH", "MY", "PH"} <= sea and "CN" not in sea
    latam = {loc.country for loc in parse_prompt("LATAM founders").locations}
    assert {"MX", "BR", "AR", "CO", "CL"} <= latam and "US" not in latam
    apac = {loc.country for loc in parse_prompt("APAC").locations}
    assert {"AU", "JP", "IN", "SG", "NZ"} <= apac
    europe = {loc.country for loc in parse_prompt("founders in Europe").locations}
    assert {"DE", "FR", "GB", "PL", "ES"} <= europe and "US" not in europe


@pytest.mark.parametrize(
    ("prompt", "negated"),
    [
        ("SaaS founders not in California", LocationFilter(country="US", region="US-CA")),
        ("founders in Berlin, not in Munich", LocationFilter(country="DE", city="Munich")),
        ("CEOs in Germany but not Berlin", LocationFilter(country="DE", city="Berlin")),
        ("fintech founders outside the US", LocationFilter(country="US")),
        ("marketing directors excluding agencies", "marketing_advertising"),
        ("founders, excluding banks, insurers and agencies", "insurance"),
        ("CTOs who don't use Salesforce", "salesforce"),
        ("founders except CEOs", "CEO"),
        ("founders not at startups", "size"),
    ],
)
def test_a_negated_word_never_becomes_a_filter(prompt: str, negated: object) -> None:
    filters = parse_prompt(prompt)
    assert filters.unsupported
    assert negated not in filters.locations
    assert negated not in filters.industries + filters.technologies + filters.titles
    if negated == "size":
        assert filters.company_size is None


def test_parse_is_deterministic() -> None:
    for prompt, _ in CASES[:40]:
        assert parse_prompt(prompt) == parse_prompt(prompt)


def test_parse_is_fast_after_warm_up() -> None:
    load_gazetteers()
    prompts = [p for p, _ in CASES]
    for prompt in prompts:  # warm every lazily built index once
        parse_prompt(prompt)
    timings = []
    for prompt in prompts:
        start = time.perf_counter()
        parse_prompt(prompt)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005
