"""Company-name cleaning: legal forms and noise go, brand words and case stay."""

from __future__ import annotations

import pytest

from leadsmith.companies.clean_names import clean_company_name, clean_company_names

CASES: list[tuple[str, str]] = [
    # English-speaking forms
    ("Acme Inc.", "Acme"),
    ("ACME CORP", "ACME"),
    ("Acme Corporation", "Acme"),
    ("Acme Incorporated", "Acme"),
    ("Foo L.L.C.", "Foo"),
    ("Foo LLP", "Foo"),
    ("Foo Limited Partnership", "Foo"),
    ("Foo, Inc", "Foo"),
    ("Acme Co", "Acme"),
    ("Citibank, N.A.", "Citibank"),
    ("Rolls-Royce Holdings plc", "Rolls-Royce Holdings"),
    ("Teva Pharmaceutical Industries Ltd.", "Teva Pharmaceutical Industries"),
    ("The Boring Company, LLC", "The Boring Company"),
    ("Ford Motor Company", "Ford Motor Company"),
    ("Tiffany & Co.", "Tiffany & Co."),
    ("Procter & Gamble Co.", "Procter & Gamble"),
    ("Johnson & Johnson", "Johnson & Johnson"),
    ("Acme Ltée", "Acme"),
    # South and South-East Asia, Oceania, Africa
    ("Foo Pvt Ltd", "Foo"),
    ("Infosys Private Limited", "Infosys"),
    ("Tata Consultancy Services Limited", "Tata Consultancy Services"),
    ("Grab Holdings Pte. Ltd.", "Grab Holdings"),
    ("Petronas Sdn. Bhd.", "Petronas"),
    ("PT Bank Central Asia Tbk", "Bank Central Asia"),
    ("Foo (Pty) Ltd", "Foo"),
    ("บริษัท ปตท. จำกัด (มหาชน)", "ปตท."),
    # German-speaking
    ("Bar GmbH", "Bar"),
    ("Müller & Söhne GmbH & Co. KG", "Müller & Söhne"),
    ("Foo GmbH & Co. KGaA", "Foo"),
    ("Foo UG (haftungsbeschränkt)", "Foo"),
    ("Foo e.V.", "Foo"),
    ("Siemens AG", "Siemens"),
    ("BASF SE", "BASF"),
    # French, Dutch, Southern Europe, Latin America
    ("Société Générale S.A.", "Société Générale"),
    ("Foo SAS", "Foo"),
    ("Foo SARL", "Foo"),
    ("Airbus SE", "Airbus"),
    ("Philips B.V.", "Philips"),
    ("Koninklijke Philips N.V.", "Koninklijke Philips"),
    ("Ferrari S.p.A.", "Ferrari"),
    ("Foo S.r.l.", "Foo"),
    ("Inditex, S.A.", "Inditex"),
    ("Natura Cosméticos S.A.", "Natura Cosméticos"),
    ("Magazine Luiza Ltda.", "Magazine Luiza"),
    ("Foo Comércio e Serviços Ltda ME", "Foo Comércio e Serviços"),
    ("Cemex S.A.B. de C.V.", "Cemex"),
    ("Foo S. de R.L. de C.V.", "Foo"),
    # Nordic, Central and Eastern Europe, Turkey
    ("Volvo AB", "Volvo"),
    ("Spotify AB (publ)", "Spotify"),
    ("Equinor ASA", "Equinor"),
    ("Supercell Oy", "Supercell"),
    ("Nokia Oyj", "Nokia"),
    ("Maersk A/S", "Maersk"),
    ("Foo ApS", "Foo"),
    ("Foo Sp. z o.o.", "Foo"),
    ("Skoda a.s.", "Skoda"),
    ("Foo s.r.o.", "Foo"),
    ("Foo Kft.", "Foo"),
    ("Koç Holding A.Ş.", "Koç Holding"),
    ("Foo Ltd. Şti.", "Foo"),
    ("ООО «Яндекс»", "Яндекс"),
    # CJK
    ("株式会社ソニー", "ソニー"),
    ("ソニー株式会社", "ソニー"),
    ("Sony Co., Ltd.", "Sony"),
    ("Samsung Electronics Co., Ltd.", "Samsung Electronics"),
    ("阿里巴巴有限公司", "阿里巴巴"),
    ("腾讯控股有限公司", "腾讯控股"),
    ("삼성전자 주식회사", "삼성전자"),
    ("㈜카카오", "카카오"),
    # Noise
    ("Meta Platforms, Inc. (formerly Facebook, Inc.)", "Meta Platforms"),
    ("Acme Ltd (formerly Foo Ltd)", "Acme"),
    ("Acme (fka Foo)", "Acme"),
    ("Acme | Official Site", "Acme"),
    ("Acme Official Website", "Acme"),
    ("Home | Acme", "Acme"),
    ("Acme - Home", "Acme"),
    ("Acme Inc | LinkedIn", "Acme"),
    ("Welcome to Acme", "Acme"),
    ("Acme LLC d/b/a Widgets", "Widgets"),
    ("🚀 Rocket Labs Inc. ✨", "Rocket Labs"),
    ("Acme Inc. 🚀", "Acme"),
    ("Acme™", "Acme"),
    ("Acme®", "Acme"),
    ("Acme\u200b Inc", "Acme"),
    ("  Acme   Widgets  ", "Acme Widgets"),
    # Kept as is
    ("Yahoo!", "Yahoo!"),
    ("Inc.", "Inc."),
    ("Call Me", "Call Me"),
    ("Visa", "Visa"),
    ("AB InBev", "AB InBev"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "clean"), CASES)
def test_clean_company_name(raw: str, clean: str) -> None:
    assert clean_company_name(raw) == clean


def test_there_are_many_cases() -> None:
    assert len(CASES) >= 40


def test_the_documented_batch_example() -> None:
    # Seed 003: POST /v1/batch/clean-names
    assert clean_company_names(["Acme Inc.", "Foo Pvt Ltd", "Bar GmbH"]) == ["Acme", "Foo", "Bar"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("The Limited", "The Limited"),  # an article alone is not a name
        ("Acme EV", "Acme EV"),  # electric vehicles, not eingetragener Verein
        ("Acme CA", "Acme CA"),  # California
        ("acme inc", "acme"),  # case as given
        ("Foo Holding B.V.", "Foo Holding"),  # "Holding" is part of the brand
        ("Foo Group plc", "Foo Group"),
    ],
)
def test_brand_words_and_lookalikes_survive(raw: str, clean: str) -> None:
    assert clean_company_name(raw) == clean


def test_cleaning_is_idempotent() -> None:
    for raw, clean in CASES:
        assert clean_company_name(clean) == clean, raw
