"""Batch CSV mode: rows stream through with OME or an error, and never stop the batch."""

from __future__ import annotations

import csv
import io

from rose.medicines.engine import ome_csv_stream

HEADER = "ref,product,units_per_dose,times_per_day,drug,route,dose_mg,mg_per_day,mcg_per_hour\n"


def run(body: str, table_id: str | None = None) -> tuple[list[dict[str, str]], object]:
    out = io.StringIO()
    stats = ome_csv_stream(io.StringIO(HEADER + body), out, table_id=table_id)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), stats


def test_rows_gain_ome_and_error_columns_and_keep_passthrough_columns() -> None:
    rows, stats = run(
        "A1,Co-codamol 30mg/500mg tablets,2,4,,,,,\nA2,,,,fentanyl,transdermal,,,12\n"
    )
    assert [(r["ref"], r["ome_mg_per_day"], r["ome_error"]) for r in rows] == [
        ("A1", "24", ""),
        ("A2", "30", ""),
    ]
    assert stats.rows == 2 and stats.calculated == 2  # type: ignore[attr-defined]


def test_a_bad_row_gets_an_error_and_the_batch_carries_on() -> None:
    rows, stats = run(
        "B1,,,,unicorn,oral,10,,\n"
        "B2,Morphine 30mg modified-release tablets,x,2,,,,,\n"
        "B3,\n"
        "B4,,,,morphine,oral,,60,\n"
    )
    assert rows[0]["ome_error"].startswith("drug:")
    assert rows[1]["ome_error"].startswith("units_per_dose:")
    assert rows[2]["ome_error"].startswith("row:")
    assert rows[3]["ome_mg_per_day"] == "60"
    assert stats.errors == 3 and stats.calculated == 1  # type: ignore[attr-defined]


def test_not_calculable_rows_are_counted_separately_with_the_reason() -> None:
    rows, stats = run("C1,,,,methadone,oral,,30,\n")
    assert rows[0]["ome_mg_per_day"] == "" and "specialist" in rows[0]["ome_error"]
    assert stats.not_calculable == 1  # type: ignore[attr-defined]


def test_the_table_can_be_chosen_for_the_whole_batch() -> None:
    rows, _ = run("D1,,,,codeine,oral,,100,\n", table_id="cdc-2022")
    assert rows[0]["ome_mg_per_day"] == "15"


def test_an_empty_file_produces_no_output_rows() -> None:
    out = io.StringIO()
    stats = ome_csv_stream(io.StringIO(""), out)
    assert out.getvalue() == "" and stats.rows == 0
