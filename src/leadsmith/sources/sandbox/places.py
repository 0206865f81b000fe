"""Countries and real cities of the sandbox world, with regions (ISO 3166-2) and area codes."""

from __future__ import annotations

from typing import NamedTuple

from leadsmith.sources.sandbox.normalise import fold


class City(NamedTuple):
    """A real city: English name, region name and ISO 3166-2 code, landline area code."""

    name: str
    region: str
    region_code: str
    area_code: str | None
    weight: int
    aliases: tuple[str, ...] = ()


class Country(NamedTuple):
    """A country of the world: share of companies, cities, name groups, legal suffixes."""

    code: str
    name: str
    weight: int
    cities: tuple[City, ...]
    name_groups: tuple[tuple[str, int], ...]
    legal_suffixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()


C = City

COUNTRIES: tuple[Country, ...] = (
    Country(
        "US",
        "United States",
        300,
        (
            C("New York", "New York", "US-NY", "212", 14, ("nyc", "new york city")),
            C("San Francisco", "California", "US-CA", "415", 12, ("sf",)),
            C("Los Angeles", "California", "US-CA", "213", 8, ("la",)),
            C("Chicago", "Illinois", "US-IL", "312", 7),
            C("Austin", "Texas", "US-TX", "512", 6),
            C("Boston", "Massachusetts", "US-MA", "617", 6),
            C("Seattle", "Washington", "US-WA", "206", 6),
            C("Denver", "Colorado", "US-CO", "303", 4),
            C("Atlanta", "Georgia", "US-GA", "404", 4),
            C("Miami", "Florida", "US-FL", "305", 4),
            C("Dallas", "Texas", "US-TX", "214", 4),
            C("Houston", "Texas", "US-TX", "713", 3),
            C("Washington", "District of Columbia", "US-DC", "202", 3, ("washington dc", "dc")),
            C("Philadelphia", "Pennsylvania", "US-PA", "215", 3),
            C("San Diego", "California", "US-CA", "619", 3),
            C("Portland", "Oregon", "US-OR", "503", 2),
            C("Minneapolis", "Minnesota", "US-MN", "612", 2),
            C("Salt Lake City", "Utah", "US-UT", "801", 2),
            C("Nashville", "Tennessee", "US-TN", "615", 2),
            C("Raleigh", "North Carolina", "US-NC", "919", 2),
            C("Phoenix", "Arizona", "US-AZ", "602", 2),
            C("San Jose", "California", "US-CA", "408", 3),
            C("Pittsburgh", "Pennsylvania", "US-PA", "412", 1),
            C("Detroit", "Michigan", "US-MI", "313", 1),
        ),
        (
            ("anglo", 58),
            ("spanish", 10),
            ("indian", 8),
            ("chinese", 7),
            ("korean", 3),
            ("german", 3),
            ("italian", 3),
            ("hebrew", 2),
            ("arabic", 2),
            ("french", 2),
            ("irish", 2),
        ),
        ("Inc.", "Inc.", "LLC", "Corp.", "Co."),
        ("usa", "united states of america", "us", "america"),
    ),
    Country(
        "CA",
        "Canada",
        40,
        (
            C("Toronto", "Ontario", "CA-ON", "416", 10),
            C("Vancouver", "British Columbia", "CA-BC", "604", 6),
            C("Montreal", "Quebec", "CA-QC", "514", 6, ("montréal",)),
            C("Calgary", "Alberta", "CA-AB", "403", 3),
            C("Ottawa", "Ontario", "CA-ON", "613", 3),
            C("Waterloo", "Ontario", "CA-ON", "519", 2),
            C("Edmonton", "Alberta", "CA-AB", "780", 2),
        ),
        (
            ("anglo", 55),
            ("french", 18),
            ("chinese", 9),
            ("indian", 9),
            ("irish", 4),
            ("italian", 5),
        ),
        ("Inc.", "Ltd.", "Corp."),
    ),
    Country(
        "GB",
        "United Kingdom",
        80,
        (
            C("London", "England", "GB-ENG", "20", 20),
            C("Manchester", "England", "GB-ENG", "161", 5),
            C("Birmingham", "England", "GB-ENG", "121", 4),
            C("Edinburgh", "Scotland", "GB-SCT", "131", 4),
            C("Glasgow", "Scotland", "GB-SCT", "141", 3),
            C("Bristol", "England", "GB-ENG", "117", 3),
            C("Leeds", "England", "GB-ENG", "113", 3),
            C("Cambridge", "England", "GB-ENG", "1223", 2),
            C("Belfast", "Northern Ireland", "GB-NIR", "28", 2),
            C("Cardiff", "Wales", "GB-WLS", "29", 2),
        ),
        (("anglo", 70), ("irish", 8), ("indian", 10), ("arabic", 3), ("polish", 4), ("chinese", 5)),
        ("Ltd", "Ltd", "Limited", "PLC"),
        ("uk", "great britain", "britain", "england"),
    ),
    Country(
        "IE",
        "Ireland",
        20,
        (
            C("Dublin", "Dublin", "IE-D", "1", 10),
            C("Cork", "Cork", "IE-CO", "21", 3),
            C("Galway", "Galway", "IE-G", "91", 2),
            C("Limerick", "Limerick", "IE-LK", "61", 1),
        ),
        (("irish", 65), ("anglo", 20), ("polish", 8), ("indian", 7)),
        ("Ltd", "Limited", "DAC"),
        ("eire", "republic of ireland"),
    ),
    Country(
        "DE",
        "Germany",
        60,
        (
            C("Berlin", "Berlin", "DE-BE", "30", 10),
            C("Munich", "Bavaria", "DE-BY", "89", 8, ("münchen", "muenchen")),
            C("Hamburg", "Hamburg", "DE-HH", "40", 6),
            C("Frankfurt", "Hesse", "DE-HE", "69", 5, ("frankfurt am main",)),
            C("Cologne", "North Rhine-Westphalia", "DE-NW", "221", 4, ("köln", "koeln")),
            C("Stuttgart", "Baden-Württemberg", "DE-BW", "711", 4),
            C("Düsseldorf", "North Rhine-Westphalia", "DE-NW", "211", 3),
            C("Leipzig", "Saxony", "DE-SN", "341", 2),
            C("Dresden", "Saxony", "DE-SN", "351", 2),
            C("Hanover", "Lower Saxony", "DE-NI", "511", 2, ("hannover",)),
        ),
        (
            ("german", 82),
            ("polish", 4),
            ("italian", 4),
            ("arabic", 4),
            ("anglo", 3),
            ("spanish", 3),
        ),
        ("GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG", "UG"),
        ("deutschland",),
    ),
    Country(
        "AT",
        "Austria",
        10,
        (
            C("Vienna", "Vienna", "AT-9", "1", 8, ("wien",)),
            C("Graz", "Styria", "AT-6", "316", 2),
            C("Linz", "Upper Austria", "AT-4", "732", 2),
            C("Salzburg", "Salzburg", "AT-5", "662", 2),
            C("Innsbruck", "Tyrol", "AT-7", "512", 1),
        ),
        (("german", 85), ("polish", 5), ("italian", 5), ("anglo", 5)),
        ("GmbH", "GmbH", "AG"),
        ("österreich",),
    ),
    Country(
        "CH",
        "Switzerland",
        20,
        (
            C("Zurich", "Zurich", "CH-ZH", "44", 8, ("zürich",)),
            C("Geneva", "Geneva", "CH-GE", "22", 4, ("genève", "geneve")),
            C("Basel", "Basel-Stadt", "CH-BS", "61", 3),
            C("Bern", "Bern", "CH-BE", "31", 2, ("berne",)),
            C("Lausanne", "Vaud", "CH-VD", "21", 2),
            C("Zug", "Zug", "CH-ZG", "41", 2),
        ),
        (("german", 60), ("french", 20), ("italian", 10), ("anglo", 10)),
        ("AG", "AG", "GmbH", "SA"),
        ("schweiz", "suisse"),
    ),
    Country(
        "FR",
        "France",
        40,
        (
            C("Paris", "Île-de-France", "FR-IDF", "1", 14),
            C("Lyon", "Auvergne-Rhône-Alpes", "FR-ARA", "4", 4),
            C("Marseille", "Provence-Alpes-Côte d'Azur", "FR-PAC", "4", 3),
            C("Toulouse", "Occitanie", "FR-OCC", "5", 3),
            C("Bordeaux", "Nouvelle-Aquitaine", "FR-NAQ", "5", 3),
            C("Lille", "Hauts-de-France", "FR-HDF", "3", 2),
            C("Nantes", "Pays de la Loire", "FR-PDL", "2", 2),
            C("Nice", "Provence-Alpes-Côte d'Azur", "FR-PAC", "4", 2),
            C("Strasbourg", "Grand Est", "FR-GES", "3", 2),
        ),
        (("french", 85), ("arabic", 6), ("spanish", 3), ("italian", 3), ("anglo", 3)),
        ("SAS", "SAS", "SA", "SARL"),
    ),
    Country(
        "BE",
        "Belgium",
        10,
        (
            C("Brussels", "Brussels-Capital", "BE-BRU", "2", 6, ("bruxelles", "brussel")),
            C("Antwerp", "Flanders", "BE-VLG", "3", 4, ("antwerpen",)),
            C("Ghent", "Flanders", "BE-VLG", "9", 3, ("gent",)),
            C("Leuven", "Flanders", "BE-VLG", "16", 1),
            C("Liège", "Wallonia", "BE-WAL", "4", 1),
        ),
        (("dutch", 50), ("french", 40), ("arabic", 5), ("anglo", 5)),
        ("NV", "BV", "SA", "SRL"),
    ),
    Country(
        "NL",
        "Netherlands",
        30,
        (
            C("Amsterdam", "North Holland", "NL-NH", "20", 10),
            C("Rotterdam", "South Holland", "NL-ZH", "10", 5),
            C("The Hague", "South Holland", "NL-ZH", "70", 3, ("den haag", "'s-gravenhage")),
            C("Utrecht", "Utrecht", "NL-UT", "30", 4),
            C("Eindhoven", "North Brabant", "NL-NB", "40", 3),
            C("Groningen", "Groningen", "NL-GR", "50", 1),
        ),
        (("dutch", 85), ("anglo", 5), ("arabic", 4), ("german", 3), ("indian", 3)),
        ("B.V.", "B.V.", "N.V."),
        ("holland", "the netherlands"),
    ),
    Country(
        "ES",
        "Spain",
        30,
        (
            C("Madrid", "Community of Madrid", "ES-MD", "91", 10),
            C("Barcelona", "Catalonia", "ES-CT", "93", 8),
            C("Valencia", "Valencian Community", "ES-VC", "96", 4),
            C("Seville", "Andalusia", "ES-AN", "95", 2, ("sevilla",)),
            C("Bilbao", "Basque Country", "ES-PV", "94", 2),
            C("Málaga", "Andalusia", "ES-AN", "95", 2),
        ),
        (("spanish", 92), ("anglo", 3), ("arabic", 3), ("italian", 2)),
        ("S.L.", "S.L.", "S.A."),
        ("españa",),
    ),
    Country(
        "PT",
        "Portugal",
        10,
        (
            C("Lisbon", "Lisbon", "PT-11", "21", 6, ("lisboa",)),
            C("Porto", "Porto", "PT-13", "22", 4),
            C("Braga", "Braga", "PT-03", "253", 1),
            C("Coimbra", "Coimbra", "PT-06", "239", 1),
        ),
        (("portuguese", 92), ("anglo", 4), ("spanish", 4)),
        ("Lda.", "S.A."),
    ),
    Country(
        "IT",
        "Italy",
        25,
        (
            C("Milan", "Lombardy", "IT-25", "02", 10, ("milano",)),
            C("Rome", "Lazio", "IT-62", "06", 6, ("roma",)),
            C("Turin", "Piedmont", "IT-21", "011", 3, ("torino",)),
            C("Bologna", "Emilia-Romagna", "IT-45", "051", 3),
            C("Florence", "Tuscany", "IT-52", "055", 2, ("firenze",)),
            C("Naples", "Campania", "IT-72", "081", 2, ("napoli",)),
        ),
        (("italian", 94), ("anglo", 2), ("arabic", 2), ("spanish", 2)),
        ("S.r.l.", "S.r.l.", "S.p.A."),
        ("italia",),
    ),
    Country(
        "SE",
        "Sweden",
        20,
        (
            C("Stockholm", "Stockholm County", "SE-AB", "8", 10),
            C("Gothenburg", "Västra Götaland", "SE-O", "31", 4, ("göteborg", "goteborg")),
            C("Malmö", "Skåne", "SE-M", "40", 3, ("malmo",)),
            C("Uppsala", "Uppsala County", "SE-C", "18", 1),
        ),
        (("swedish", 85), ("arabic", 5), ("finnish", 3), ("anglo", 4), ("polish", 3)),
        ("AB",),
        ("sverige",),
    ),
    Country(
        "NO",
        "Norway",
        10,
        (
            C("Oslo", "Oslo", "NO-03", None, 8),
            C("Bergen", "Vestland", "NO-46", None, 3),
            C("Trondheim", "Trøndelag", "NO-50", None, 2),
            C("Stavanger", "Rogaland", "NO-11", None, 2),
        ),
        (("norwegian", 88), ("swedish", 4), ("polish", 4), ("anglo", 4)),
        ("AS", "AS", "ASA"),
        ("norge",),
    ),
    Country(
        "DK",
        "Denmark",
        10,
        (
            C("Copenhagen", "Capital Region of Denmark", "DK-84", None, 8, ("københavn",)),
            C("Aarhus", "Central Denmark", "DK-82", None, 3, ("århus",)),
            C("Odense", "Southern Denmark", "DK-83", None, 2),
            C("Aalborg", "North Denmark", "DK-81", None, 1),
        ),
        (("danish", 88), ("swedish", 4), ("german", 4), ("anglo", 4)),
        ("A/S", "ApS"),
        ("danmark",),
    ),
    Country(
        "FI",
        "Finland",
        10,
        (
            C("Helsinki", "Uusimaa", "FI-18", "9", 8),
            C("Espoo", "Uusimaa", "FI-18", "9", 3),
            C("Tampere", "Pirkanmaa", "FI-11", "3", 3),
            C("Turku", "Southwest Finland", "FI-19", "2", 2),
            C("Oulu", "North Ostrobothnia", "FI-14", "8", 1),
        ),
        (("finnish", 90), ("swedish", 6), ("anglo", 4)),
        ("Oy", "Oy", "Oyj"),
        ("suomi",),
    ),
    Country(
        "PL",
        "Poland",
        15,
        (
            C("Warsaw", "Masovian", "PL-14", "22", 8, ("warszawa",)),
            C("Kraków", "Lesser Poland", "PL-12", "12", 5, ("krakow", "cracow")),
            C("Wrocław", "Lower Silesian", "PL-02", "71", 4, ("wroclaw",)),
            C("Gdańsk", "Pomeranian", "PL-22", "58", 3, ("gdansk",)),
            C("Poznań", "Greater Poland", "PL-30", "61", 2, ("poznan",)),
            C("Łódź", "Łódź", "PL-10", "42", 2, ("lodz",)),
        ),
        (("polish", 95), ("anglo", 3), ("german", 2)),
        ("Sp. z o.o.", "Sp. z o.o.", "S.A."),
        ("polska",),
    ),
    Country(
        "IN",
        "India",
        60,
        (
            C("Bengaluru", "Karnataka", "IN-KA", "80", 12, ("bangalore",)),
            C("Mumbai", "Maharashtra", "IN-MH", "22", 9, ("bombay",)),
            C("New Delhi", "Delhi", "IN-DL", "11", 7, ("delhi",)),
            C("Hyderabad", "Telangana", "IN-TS", "40", 6),
            C("Chennai", "Tamil Nadu", "IN-TN", "44", 5, ("madras",)),
            C("Pune", "Maharashtra", "IN-MH", "20", 5),
            C("Gurugram", "Haryana", "IN-HR", "124", 4, ("gurgaon",)),
            C("Noida", "Uttar Pradesh", "IN-UP", "120", 3),
            C("Ahmedabad", "Gujarat", "IN-GJ", "79", 2),
            C("Kolkata", "West Bengal", "IN-WB", "33", 2, ("calcutta",)),
        ),
        (("indian", 97), ("anglo", 3)),
        ("Pvt Ltd", "Pvt Ltd", "Private Limited", "Ltd", "LLP"),
        ("bharat",),
    ),
    Country(
        "SG",
        "Singapore",
        20,
        (C("Singapore", "Central Singapore", "SG-01", None, 10),),
        (("chinese", 60), ("indian", 15), ("anglo", 15), ("arabic", 5), ("korean", 5)),
        ("Pte Ltd", "Pte. Ltd."),
    ),
    Country(
        "JP",
        "Japan",
        20,
        (
            C("Tokyo", "Tokyo", "JP-13", "3", 14),
            C("Osaka", "Osaka", "JP-27", "6", 5),
            C("Yokohama", "Kanagawa", "JP-14", "45", 3),
            C("Nagoya", "Aichi", "JP-23", "52", 3),
            C("Fukuoka", "Fukuoka", "JP-40", "92", 2),
            C("Kyoto", "Kyoto", "JP-26", "75", 2),
            C("Sapporo", "Hokkaido", "JP-01", "11", 1),
        ),
        (("japanese", 96), ("anglo", 2), ("korean", 2)),
        ("K.K.", "Co., Ltd."),
        ("nippon",),
    ),
    Country(
        "KR",
        "South Korea",
        10,
        (
            C("Seoul", "Seoul", "KR-11", "2", 10),
            C("Busan", "Busan", "KR-26", "51", 3),
            C("Incheon", "Incheon", "KR-28", "32", 2),
            C("Seongnam", "Gyeonggi", "KR-41", "31", 3, ("pangyo",)),
            C("Daejeon", "Daejeon", "KR-30", "42", 1),
        ),
        (("korean", 96), ("anglo", 2), ("chinese", 2)),
        ("Co., Ltd.", "Inc."),
        ("korea", "republic of korea"),
    ),
    Country(
        "AU",
        "Australia",
        30,
        (
            C("Sydney", "New South Wales", "AU-NSW", "2", 10),
            C("Melbourne", "Victoria", "AU-VIC", "3", 8),
            C("Brisbane", "Queensland", "AU-QLD", "7", 4),
            C("Perth", "Western Australia", "AU-WA", "8", 3),
            C("Adelaide", "South Australia", "AU-SA", "8", 2),
            C("Canberra", "Australian Capital Territory", "AU-ACT", "2", 1),
        ),
        (("anglo", 70), ("chinese", 8), ("indian", 7), ("irish", 5), ("italian", 5), ("korean", 5)),
        ("Pty Ltd", "Pty Ltd", "Ltd"),
        ("aus",),
    ),
    Country(
        "NZ",
        "New Zealand",
        10,
        (
            C("Auckland", "Auckland", "NZ-AUK", "9", 6),
            C("Wellington", "Wellington", "NZ-WGN", "4", 3),
            C("Christchurch", "Canterbury", "NZ-CAN", "3", 2),
        ),
        (("anglo", 80), ("chinese", 6), ("indian", 6), ("irish", 8)),
        ("Ltd", "Limited"),
    ),
    Country(
        "BR",
        "Brazil",
        30,
        (
            C("São Paulo", "São Paulo", "BR-SP", "11", 12, ("sao paulo",)),
            C("Rio de Janeiro", "Rio de Janeiro", "BR-RJ", "21", 5, ("rio",)),
            C("Belo Horizonte", "Minas Gerais", "BR-MG", "31", 3),
            C("Curitiba", "Paraná", "BR-PR", "41", 2),
            C("Porto Alegre", "Rio Grande do Sul", "BR-RS", "51", 2),
            C("Florianópolis", "Santa Catarina", "BR-SC", "48", 2),
            C("Recife", "Pernambuco", "BR-PE", "81", 1),
        ),
        (("portuguese", 88), ("italian", 4), ("japanese", 3), ("german", 3), ("arabic", 2)),
        ("Ltda.", "Ltda.", "S.A."),
        ("brasil",),
    ),
    Country(
        "MX",
        "Mexico",
        15,
        (
            C("Mexico City", "Mexico City", "MX-CMX", "55", 10, ("cdmx", "ciudad de mexico")),
            C("Guadalajara", "Jalisco", "MX-JAL", "33", 4),
            C("Monterrey", "Nuevo León", "MX-NLE", "81", 4),
            C("Puebla", "Puebla", "MX-PUE", "222", 1),
            C("Querétaro", "Querétaro", "MX-QUE", "442", 1),
        ),
        (("spanish", 96), ("anglo", 4)),
        ("S.A. de C.V.", "S. de R.L. de C.V."),
        ("méxico",),
    ),
    Country(
        "AR",
        "Argentina",
        10,
        (
            C("Buenos Aires", "Buenos Aires City", "AR-C", "11", 10, ("caba",)),
            C("Córdoba", "Córdoba", "AR-X", "351", 2),
            C("Rosario", "Santa Fe", "AR-S", "341", 2),
            C("Mendoza", "Mendoza", "AR-M", "261", 1),
        ),
        (("spanish", 85), ("italian", 12), ("german", 3)),
        ("S.A.", "S.R.L."),
    ),
    Country(
        "IL",
        "Israel",
        15,
        (
            C("Tel Aviv", "Tel Aviv", "IL-TA", "3", 10, ("tel aviv-yafo", "tel aviv yafo")),
            C("Jerusalem", "Jerusalem", "IL-JM", "2", 3),
            C("Haifa", "Haifa", "IL-HA", "4", 2),
            C("Herzliya", "Tel Aviv", "IL-TA", "9", 2),
            C("Beersheba", "Southern", "IL-D", "8", 1, ("be'er sheva", "beer sheva")),
        ),
        (("hebrew", 85), ("arabic", 8), ("anglo", 7)),
        ("Ltd.", "Ltd"),
    ),
    Country(
        "AE",
        "United Arab Emirates",
        15,
        (
            C("Dubai", "Dubai", "AE-DU", "4", 10),
            C("Abu Dhabi", "Abu Dhabi", "AE-AZ", "2", 4),
            C("Sharjah", "Sharjah", "AE-SH", "6", 1),
        ),
        (("arabic", 55), ("indian", 25), ("anglo", 15), ("french", 5)),
        ("LLC", "FZ-LLC", "FZE"),
        ("uae", "emirates"),
    ),
    Country(
        "ZA",
        "South Africa",
        10,
        (
            C("Johannesburg", "Gauteng", "ZA-GP", "11", 6, ("joburg",)),
            C("Cape Town", "Western Cape", "ZA-WC", "21", 5),
            C("Durban", "KwaZulu-Natal", "ZA-KZN", "31", 2),
            C("Pretoria", "Gauteng", "ZA-GP", "12", 2),
        ),
        (("south_african", 60), ("anglo", 25), ("indian", 10), ("dutch", 5)),
        ("(Pty) Ltd", "(Pty) Ltd", "Ltd"),
        ("rsa",),
    ),
)

COUNTRY_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}

# Region names people write that differ from the English names above.
REGION_ALIASES: dict[str, str] = {
    "bayern": "DE-BY",
    "hessen": "DE-HE",
    "nordrhein-westfalen": "DE-NW",
    "nrw": "DE-NW",
    "sachsen": "DE-SN",
    "niedersachsen": "DE-NI",
    "wien": "AT-9",
    "steiermark": "AT-6",
    "oberosterreich": "AT-4",
    "tirol": "AT-7",
    "zurich": "CH-ZH",
    "geneve": "CH-GE",
    "idf": "FR-IDF",
    "catalunya": "ES-CT",
    "cataluna": "ES-CT",
    "madrid": "ES-MD",
    "andalucia": "ES-AN",
    "pais vasco": "ES-PV",
    "lombardia": "IT-25",
    "piemonte": "IT-21",
    "toscana": "IT-52",
    "noord-holland": "NL-NH",
    "zuid-holland": "NL-ZH",
    "noord-brabant": "NL-NB",
    "mazowieckie": "PL-14",
    "malopolskie": "PL-12",
    "dolnoslaskie": "PL-02",
    "pomorskie": "PL-22",
    "wielkopolskie": "PL-30",
    "lodzkie": "PL-10",
    "bay area": "US-CA",
    "nsw": "AU-NSW",
    "vic": "AU-VIC",
    "qld": "AU-QLD",
    "ontario": "CA-ON",
    "bc": "CA-BC",
    "quebec": "CA-QC",
    "quebec province": "CA-QC",
}


def _country_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for country in COUNTRIES:
        keys[country.code.lower()] = country.code
        keys[fold(country.name)] = country.code
        for alias in country.aliases:
            keys[fold(alias)] = country.code
    return keys


_COUNTRY_KEYS = _country_keys()

# ccTLD label -> country, for answers derived from a domain (".co.uk" ends in "uk").
TLD_COUNTRY: dict[str, str] = {c.code.lower(): c.code for c in COUNTRIES if c.code != "GB"} | {
    "uk": "GB"
}


def country_code(value: str) -> str | None:
    """ISO alpha-2 code of a country given by code, English name or common alias."""
    return _COUNTRY_KEYS.get(fold(value).strip())
