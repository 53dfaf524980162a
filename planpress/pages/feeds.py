"""The plans for machines: each version as JSON at a stable address, and an Atom feed of the
versions published, so that boards' systems and aggregators can follow a plan."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from planpress.pages.escape import xml_text
from planpress.pages.views import STATUS_LABELS, PlanLayout, absolute_url, plain_excerpt
from planpress.plan.model import Plan
from planpress.plan.tables import worked_out
from planpress.plan.versions import PlanFamily, version_date

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
JSON_NAME = "plan.json"


def plan_json(plan: Plan) -> bytes:
    """One version as JSON, in the shape of `schema/plan.schema.json`: what was loaded, and
    the totals planpress worked out (`worked_out`)."""
    data = plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["worked_out"] = worked_out(plan)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def atom_feed(
    families: Sequence[PlanFamily], site_name: str, site_url: str | None, directory_urls: bool
) -> bytes:
    """Every version of every plan, newest first: title, status, date and what changed."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    base = (site_url or "").rstrip("/")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(f"{site_name}: plan versions")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = (
        f"{base}/{FEED_PATH}" if base else f"urn:planpress:{site_name}"
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}/{FEED_PATH}")
    entries = []
    for family in families:
        for loaded in family.versions:
            plan = loaded.plan
            when = version_date(plan) or dt.date(plan.period.start, 1, 1)
            layout = PlanLayout(plan, directory_urls, version=plan.version)
            url = absolute_url(site_url, layout.overview, directory_urls)
            entries.append((when, plan, url))
    entries.sort(key=lambda e: (e[0], e[1].slug, e[1].version), reverse=True)
    updated = entries[0][0] if entries else dt.date.today()
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    for when, plan, url in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(
            f"{plan.name}, version {plan.version} ({STATUS_LABELS[plan.status].lower()})"
        )
        ET.SubElement(entry, f"{{{ATOM}}}id").text = (
            url if url.startswith("http") else f"urn:planpress:{plan.slug}:{plan.version}"
        )
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(when)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = xml_text(plan.partnership.name)
        summary = plan.change_summary or plan.summary
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(plain_excerpt(summary, 400))
    text: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return text


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
