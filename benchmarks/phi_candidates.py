"""Candidate libraries for the PHI screen, each measured on the blind development corpus
(`tests/privacy/blind_dev_*.yaml`): recall on the class it is meant for, how often it fires on
ordinary comments, time per comment, and for the heavy ones the memory and time to load.

Only what is installed is measured, so the candidates we did not adopt can be tried in a scratch
environment without becoming dependencies of Balance Bot:

    python -m venv /tmp/phi-candidates
    /tmp/phi-candidates/bin/pip install pyyaml phonenumbers pyap usaddress dateparser \
        datefinder presidio-analyzer names-dataset
    /tmp/phi-candidates/bin/python benchmarks/phi_candidates.py

`presidio-analyzer` runs with its pattern recognizers on a blank spaCy pipeline (models are
downloaded from a hub, which these machines cannot reach); `names-dataset` is loaded in a child
process to read its memory.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CLASSES = {
    "phone": {"phone", "telefono"},
    "address": {"street_address", "domicilio"},
    "date": {"dob", "date_of_service", "fecha_nacimiento", "fecha_servicio"},
    "all": None,
}


def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lang in ("en", "es"):
        out += yaml.safe_load((ROOT / f"tests/privacy/blind_dev_{lang}.yaml").read_text())
    return out


def measure(name: str, cls: str, fires: Callable[[str], bool]) -> None:
    data = rows()
    wanted = CLASSES[cls]
    phi = [r for r in data if r["phi"] and (wanted is None or r["category"] in wanted)]
    ordinary = [r for r in data if not r["phi"]]
    times: list[float] = []

    def run(text: str) -> bool:
        start = time.perf_counter()
        hit = fires(text)
        times.append((time.perf_counter() - start) * 1000)
        return hit

    found = sum(run(r["text"]) for r in phi)
    noise = sum(run(r["text"]) for r in ordinary)
    times.sort()
    print(
        f"{name:<34} {cls:<8} recall {found}/{len(phi)} = {100 * found / len(phi):5.1f} %   "
        f"fires on ordinary {noise}/{len(ordinary)} = {100 * noise / len(ordinary):5.1f} %   "
        f"p50 {statistics.median(times):6.2f} ms  p99 {times[int(0.99 * len(times))]:7.2f} ms"
    )


def child(code: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


RSS = (
    "def rss():\n    for l in open('/proc/self/status'):\n"
    "        if l.startswith('VmRSS'): return int(l.split()[1]) / 1024\n"
)


def main() -> None:
    try:
        import phonenumbers

        def phone(text: str) -> bool:
            return any(
                True
                for _ in phonenumbers.PhoneNumberMatcher(
                    text, "US", leniency=phonenumbers.Leniency.POSSIBLE
                )
            )

        measure("phonenumbers (US, POSSIBLE)", "phone", phone)
    except ImportError:
        print("phonenumbers: not installed")
    try:
        import pyap

        measure("pyap (US)", "address", lambda t: bool(pyap.parse(t, country="US")))
    except ImportError:
        print("pyap: not installed")
    try:
        import usaddress

        def tagged(text: str) -> bool:
            try:
                labels = {label for _, label in usaddress.parse(text)}
            except Exception:  # noqa: BLE001
                return False
            return {"AddressNumber", "StreetNamePostType"} <= labels

        measure("usaddress (whole comment)", "address", tagged)
    except ImportError:
        print("usaddress: not installed")
    try:
        from dateparser.search import search_dates

        measure(
            "dateparser.search_dates (en, es)",
            "date",
            lambda t: bool(search_dates(t, languages=["en", "es"])),
        )
    except ImportError:
        print("dateparser: not installed")
    try:
        import datefinder

        measure("datefinder", "date", lambda t: any(True for _ in datefinder.find_dates(t)))
    except ImportError:
        print("datefinder: not installed")
    try:
        import presidio_analyzer  # noqa: F401

        load = child(
            RSS
            + (
                "import json, time\nbefore = rss(); start = time.perf_counter()\n"
                "import spacy\nfrom presidio_analyzer import AnalyzerEngine, RecognizerRegistry\n"
                "from presidio_analyzer.nlp_engine import SpacyNlpEngine\n"
                "class Blank(SpacyNlpEngine):\n"
                "    def load(self):\n"
                "        self.nlp = {'en': spacy.blank('en')}\n"
                "engine = Blank(models=[{'lang_code': 'en', 'model_name': 'blank'}])\n"
                "engine.load()\n"
                "registry = RecognizerRegistry(); registry.load_predefined_recognizers(['en'])\n"
                "AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=['en'])\n"
                "print(json.dumps({'mb': rss() - before, 's': time.perf_counter() - start}))\n"
            )
        )
        print(f"presidio-analyzer load: {load['mb']:.0f} MB, {load['s']:.1f} s")
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine

        class Blank(SpacyNlpEngine):  # type: ignore[misc]
            def load(self) -> None:
                self.nlp = {"en": spacy.blank("en")}

        engine = Blank(models=[{"lang_code": "en", "model_name": "blank"}])
        engine.load()
        registry = RecognizerRegistry()
        registry.load_predefined_recognizers(["en"])
        analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])
        for threshold in (0.3, 0.5):
            measure(
                f"presidio patterns (score ≥ {threshold})",
                "all",
                lambda t, s=threshold: bool(
                    analyzer.analyze(
                        t,
                        language="en",  # type: ignore[misc]
                        score_threshold=s,
                    )
                ),
            )
    except ImportError:
        print("presidio-analyzer: not installed")
    try:
        import names_dataset  # noqa: F401

        load = child(
            RSS
            + (
                "import json, time\nbefore = rss(); start = time.perf_counter()\n"
                "from names_dataset import NameDataset\nnd = NameDataset()\n"
                "print(json.dumps({'mb': rss() - before, 's': time.perf_counter() - start}))\n"
            )
        )
        print(f"names-dataset load: {load['mb']:.0f} MB, {load['s']:.1f} s")
    except ImportError:
        print("names-dataset: not installed")


if __name__ == "__main__":
    main()
