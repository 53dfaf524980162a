"""`planpress new SLUG`: a plan file and an easy read version to start from, not a blank page.

Both files are valid as written: `planpress check` accepts them, so the first check a
person runs shows only what they changed. The plan file is commented from the format's own
examples (PLAN-FORMAT.md), with every optional part shown, commented out, where it goes;
what only a person knows is marked `TODO`. The easy read version says only what is true of
every plan (its place and its years), in the easy read rules, with pictures from the
project's own library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from planpress.checks.pictures import PictureIndex
from planpress.easyread.sources import EasyReadLibrary

FALLBACK_PICTURE = "plan"


@dataclass(frozen=True)
class NewPlan:
    slug: str
    title: str
    area: str
    start: int
    end: int


def _q(text: str) -> str:
    """A YAML string that reads back as `text` (a JSON string is a YAML string)."""
    return json.dumps(text, ensure_ascii=False)


def plan_file(new: NewPlan) -> str:
    """The plan file: the required fields, and every other part as a commented example."""
    first_year = f"{new.start}/{(new.start + 1) % 100:02d}"
    return f"""# yaml-language-server: $schema=../schema/plan.schema.json
# A new plan, made by `planpress new`. It is valid as it is: run `planpress check` after
# every change. Replace each TODO; the parts in comments show where the rest of a plan goes
# (PLAN-FORMAT.md explains every field). Text with a colon and a space goes in quotes.
slug: {_q(new.slug)}
title: {_q(new.title)}
# short_title: A shorter title for menus
partnership:
  name: "TODO: who owns the plan, e.g. Our Dorset"
  # members:
  #   - name: Dorset Council
  #     short_name: the council
  #     url: https://www.dorsetcouncil.gov.uk/
area: {_q(new.area)}
period:
  start: {new.start}
  end: {new.end}
version: "{new.start}-01"
# draft, consultation, submitted, assured, approved or superseded. An approved version
# needs `approval:` with the `body` and `date` of the decision.
status: draft
lead_contact:
  name: "TODO: the lead contact's name"
  # role: Programme lead
  # email: name@example.org
summary: "TODO: what the plan is for, in a few sentences."

# sections:
#   - id: our-area
#     title: Our area
#     body: |
#       Text in Markdown: **bold**, lists and [links](https://example.org).

# themes:
#   - id: better-health
#     title: Better health
#     commitments:
#       - id: annual-health-checks
#         number: 1
#         title: More people get an annual health check
#         year: {first_year}
#         leads:
#           - name: Sam Jones
#             organisation: NHS Testshire
#         # status: on-track   (leave it out when the plan states no progress)

# measures:
#   - id: health-checks
#     title: Annual health checks done
#     unit: "%"
#     commitments: [annual-health-checks]
#     points:
#       - period: {first_year}
#         target: 75

# risks:
#   - id: workforce
#     description: Not enough trained staff
#     rating_before: red
#     mitigation: A workforce plan

# tables:
#   - id: population
#     caption: Adults known to services, by area
#     header: [Area, "{new.start}"]
#     total_row: true
#     rows:
#       - [North, "1,238"]
#       - [South, 980]
#       - [Total, ""]

# glossary:
#   - term: AHC
#     expansion: Annual Health Check
"""


def easyread_file(new: NewPlan, library: EasyReadLibrary) -> str:
    """The easy read version: two points true of any plan, and where the rest goes."""
    index = PictureIndex(library)

    def picture(text: str, leave_out: str | None = None) -> str:
        fits = index.suggest(text, 1, leave_out)
        if fits:
            return fits[0].picture.id
        fallback = library.picture(FALLBACK_PICTURE) or library.pictures.pictures[0]
        return fallback.id

    about = f"This plan is about {new.area}."
    years = f"It says what we will do in the years {new.start} to {new.end}."
    return f"""# yaml-language-server: $schema=../schema/easyread.schema.json
# The easy read version of {new.slug}, made by `planpress new`. It passes the easy read
# rules as it is: run `planpress check easyread/` after every change. Write a page per part
# of the plan, a point per idea (1 to 3 short sentences, a picture each), and hard words in
# **bold**, explained in words.yml. `planpress easyread draft plans/{new.slug}.yml` writes
# a draft from the plan's themes once it has some (to a new file: move this one first).
plan: {_q(new.slug)}
title: {_q(f"Our plan for {new.area}, {new.start} to {new.end}")}
written_by: "TODO: who wrote this easy read version"
pages:
  - id: about
    title: About this plan
    points:
      - text: {_q(about)}
        picture: {_q(first := picture(about))}
      - text: {_q(years)}
        picture: {_q(picture(years, first))}
#       - text: We will help more people have a **health check**.
#         picture: doctor
#         about: annual-health-checks   (the id of the commitment it explains)
"""
