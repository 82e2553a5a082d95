"""bench/watchlist.py counts recall and precision right, per slice, and --assert gates on them.

Runs the real script on a few real items of the labelled set against a one-rule rules folder,
so the expected numbers do not move when the shipped watchlist is tuned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SCRIPT = REPO / "bench" / "watchlist.py"

RULE = """\
rules:
  - id: extradition
    title: Any extradition
    match:
      any: ["extradi*"]
    tests:
      match: ["Guatemala extradita a EEUU a presunto narco"]
      no_match: ["Olimpia vs Motagua: Horario, TV; cómo y dónde ver en USA la Liga de Honduras"]
"""

# Six items of bench/data/watchlist.jsonl (headline + lede as published, labels as in the set).
ITEMS = [
    {"title": "Capturan a un hondureño que EEUU pide en extradición por narcotráfico",
     "summary": "Tegucigalpa, 19 jul (EFE).- La Policía Nacional de Honduras capturó este lunes al nacional Carlos "
                "Miguel Cordón, a quien Estados Unidos ha pedido en extradición por narcotráfico, informó la misma "
                "institución.",
     "lang": "es", "source": "Club Jurídico (EFE)", "relevant": True, "topic": "extradition",
     "countries": ["Honduras"]},
    {"title": "EU ha deportado más de 8 mil mexicanos en las primeras semanas de Trump",
     "summary": "El Instituto Nacional de Migración (INM) reportó que, en las primeras dos semanas del gobierno de "
                "Donald Trump, Estados Unidos deportó a 8 mil 119 ciudadanos mexicanos y a 2 mil 521 personas de "
                "otras nacionalidades.",
     "lang": "es", "source": "Por Esto!", "relevant": True, "topic": "deportation", "countries": ["Mexico"]},
    {"title": "Extraditan a EE.UU. al narcotraficante colombiano alias “La Iguana”",
     "summary": "Las autoridades colombianas extraditaron hoy a Estados Unidos al presunto narcotraficante Jorge Iván "
                "Urdinola Perea, alias “La Iguana”, requerido por tráfico de drogas y lavado de activos por una "
                "corte de Florida.",
     "lang": "es", "source": "Radio Santa Fe", "relevant": False, "topic": "none", "countries": [],
     "kind": "other-country-extradition"},
    {"title": "Mexico sends drug lord Caro Quintero, 28 others to US as officials meet with Trump team",
     "summary": "MEXICO CITY: Mexico has sent 29 drug cartel figures, including drug lord Rafael Caro Quintero, who "
                "was behind the killing of a US DEA agent in 1985, to the United States as the Trump administration "
                "turns up the pressure on drug trafficking organizations.",
     "lang": "en", "source": "The New Indian Express (AP)", "relevant": True, "topic": "extradition",
     "countries": ["Mexico"]},
    {"title": "Ex-Presidente das Honduras extraditado para os EUA por tráfico de droga",
     "summary": "Tegucigalpa - O antigo Presidente das Honduras Juan Orlando Hernández foi hoje (sexta-feira) "
                "extraditado para os Estados Unidos para enfrentar três acusações relacionadas com o tráfico de "
                "droga e armas, tendo embarcado num avião algemado.",
     "lang": "pt", "source": "ANGOP (Angola)", "relevant": True, "topic": "extradition",
     "countries": ["Honduras"]},
    {"title": "ICE ‘disappeared’ 48 New Mexico residents, attorneys say",
     "summary": "In the first week of March, U.S. Immigration and Customs Enforcement says it arrested four dozen New "
                "Mexico residents as part of immigration raids in Albuquerque, Santa Fe and Roswell.",
     "lang": "en", "source": "Durango Herald (Source NM)", "relevant": False, "topic": "none", "countries": [],
     "kind": "new-mexico"},
]


@pytest.fixture()
def rules_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "one.yaml").write_text(RULE, encoding="utf-8")
    return folder


def run(data: Path, rules: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--data", str(data), "--rules", str(rules), *extra],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def write(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def row(out: str, table: str, name: str) -> list[str]:
    """The cells of the row `name` in the table whose header starts with `table`."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() and line.split()[0] == table)
    for line in lines[start + 1:]:
        if not line.strip():
            break
        if line.startswith(name + " "):
            return line[len(name):].split()
    raise AssertionError(f"no row {name!r} in table {table!r}:\n{out}")


def test_counts_overall_per_rule_language_country_topic_and_kind(tmp_path, rules_dir):
    result = run(write(tmp_path / "set.jsonl", ITEMS), rules_dir)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert out.splitlines()[0].startswith("watchlist: 6 items, 4 relevant, 2 near-misses; "
                                          "recall 0.500 (2/4), precision 0.667 (2/3)")
    # items relevant caught recall alerts false precision
    assert row(out, "overall", "all") == ["6", "4", "2", "0.500", "3", "1", "0.667"]
    assert row(out, "language", "es") == ["3", "2", "1", "0.500", "2", "1", "0.500"]
    assert row(out, "language", "en") == ["2", "1", "0", "0.000", "0", "0", "-"]
    assert row(out, "language", "pt") == ["1", "1", "1", "1.000", "1", "0", "1.000"]
    assert row(out, "country", "Honduras") == ["2", "2", "2", "1.000", "2", "0", "1.000"]
    assert row(out, "country", "Mexico") == ["2", "2", "0", "0.000", "0", "0", "-"]
    assert row(out, "topic", "extradition") == ["3", "3", "2", "0.667", "2", "0", "1.000"]
    assert row(out, "topic", "deportation") == ["1", "1", "0", "0.000", "0", "0", "-"]
    assert row(out, "near-miss", "other-country-extradition") == ["1", "0", "0", "-", "1", "1", "0.000"]
    assert row(out, "near-miss", "new-mexico") == ["1", "0", "0", "-", "0", "0", "-"]
    # alerts right false precision only-it
    assert row(out, "rule", "extradition") == ["3", "2", "1", "0.667", "2"]


def test_lists_each_miss_with_why_not_and_each_false_alert_with_its_terms(tmp_path, rules_dir):
    out = run(write(tmp_path / "set.jsonl", ITEMS), rules_dir).stdout
    misses = out[out.index("misses (2):"):out.index("false alerts (1):")]
    assert "line 2 [es deportation Mexico] EU ha deportado más de 8 mil mexicanos" in misses
    assert "line 4 [en extradition Mexico] Mexico sends drug lord Caro Quintero" in misses
    reasons = [line.strip() for line in misses.splitlines() if line.startswith("      ")]
    # the ✗ clauses of `newswatch test-rule --explain` / `check`, in their words
    assert reasons == ["extradition: match.any[0]: no term of 'extradi*' in title, summary, content"] * 2
    noise = out[out.index("false alerts (1):"):]
    assert "line 3 [es other-country-extradition] Extraditan a EE.UU. al narcotraficante colombiano" in noise
    assert "fired extradition: extradi*" in noise


def test_assert_fails_below_the_targets_and_passes_at_them(tmp_path, rules_dir):
    below = run(write(tmp_path / "all.jsonl", ITEMS), rules_dir, "--assert")
    assert below.returncode == 1
    assert "FAIL: recall 0.500 / precision 0.667" in below.stderr
    perfect = run(write(tmp_path / "ok.jsonl", [ITEMS[0], ITEMS[4], ITEMS[5]]), rules_dir, "--assert")
    assert perfect.returncode == 0, perfect.stdout + perfect.stderr
    assert row(perfect.stdout, "overall", "all") == ["3", "2", "2", "1.000", "2", "0", "1.000"]


def test_a_broken_line_is_named_by_file_line_and_column(tmp_path, rules_dir):
    data = tmp_path / "bad.jsonl"
    data.write_text(json.dumps(ITEMS[0]) + "\n" + '{"title": "x", "relevant": tru}\n', encoding="utf-8")
    result = run(data, rules_dir)
    assert result.returncode == 2
    assert f"{data}:2:" in result.stderr and "invalid JSON" in result.stderr
