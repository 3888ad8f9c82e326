"""Guidance for editors writing a charter, drawn from practitioners' exchanges.

The questions show as help text under each field of the charter editor, and
``template_page`` builds a draft charter whose sections start from them (the
"New charter from template" admin action).
"""

from django.utils.translation import gettext_lazy as _

KIND = _("Which role should the charter play: a manifesto stating values, a practical guide "
         "for running participation, or a reference document people can invoke?")
AUTHORED_BY = _("Who wrote it? Mixing methods (elected officials, services, residents) "
                "makes a charter stronger and better known.")
SCOPE = _("Which decisions, projects and bodies does the charter cover? Which does it leave "
          "out, and why?")
PRINCIPLES = _("What do you guarantee to participants (information, neutrality, diversity "
               "rather than representativeness, plain language, welcoming times and places)? "
               "How is the room for manoeuvre stated before each process?")
GUARANTOR = _("Who watches over the process? A guarantor should be independent from the "
              "project owner.")
COMMISSION = _("Is there a follow-up commission (“commission des suites”)? Who sits in it, "
               "how often does it meet, can residents refer matters to it themselves?")
REPORTING_BACK = _("How and when do you tell participants what became of their "
                   "contributions, including what was not kept and why?")
EVALUATION = _("How will the charter be evaluated, by whom, and when will it be reviewed? "
               "How is the charter made known to residents and services?")
COMMITMENTS = _("One commitment per promise the authority can be held to. For each, say "
                "how far participants' say goes and how it is guaranteed.")
LEVEL = _("How far does participants' say go on this commitment, from being informed to "
          "deciding together?")
INDICATOR = _("What will show the commitment is kept, e.g. “share of projects with a "
              "written report back within 3 months”.")

# Headings and questions of the principles section of a charter started from the template.
PRINCIPLE_SECTIONS = [
    (_("Why this charter"),
     _("What led the authority to write it? What should change for residents?")),
    (_("Our shared values"),
     _("Which values bind elected officials, services and residents (listening, "
       "transparency, respect for every voice, openness to those least heard)?")),
    (_("The rules of the game"),
     _("How are the subject, the constraints (budget, law, technical limits) and the room for "
       "manoeuvre explained before each process?")),
    (_("Reaching everyone"),
     _("Which times, places and intermediaries (associations, social centres) help reach "
       "the people who rarely take part?")),
]

# Commitments a charter started from the template begins with; editors adapt or remove them.
TEMPLATE_COMMITMENTS = [
    {"title": _("State the room for manoeuvre"),
     "text": _("Before each process, we state what is open to discussion, what is not, and "
               "who decides in the end."),
     "level": "information", "guarantee_kind": "public_report",
     "indicator": _("share of processes opened with a written framing note")},
    {"title": _("Report back on every contribution"),
     "text": _("Participants are told what became of their contributions, including what "
               "was not kept and why."),
     "level": "consultation", "guarantee_kind": "reporting_back",
     "indicator": _("average time between the end of a process and its report back")},
    {"title": _("An independent guarantor"),
     "text": _("A guarantor independent from the project owner watches over major processes "
               "and can be contacted by anyone."),
     "level": "concertation", "guarantee_kind": "guarantor",
     "indicator": _("number of referrals to the guarantor and answers given")},
    {"title": _("A follow-up commission"),
     "text": _("A commission of residents, elected officials and agents checks every year "
               "that the commitments are kept and publishes its opinion."),
     "level": "co-construction", "guarantee_kind": "commission",
     "indicator": _("yearly opinion of the commission published")},
]


def template_principles() -> str:
    from django.utils.html import escape

    return "".join(f"<h3>{escape(heading)}</h3><p>{escape(question)}</p>"
                   for heading, question in PRINCIPLE_SECTIONS)


def template_page(territory, title):
    """An unsaved draft CharterPage whose sections start from the guidance questions."""
    from .models import CharterPage, Commitment

    return CharterPage(
        title=title, territory=territory, live=False,
        scope=str(SCOPE), principles=template_principles(),
        follow_up_commission=str(COMMISSION), reporting_back_rules=str(REPORTING_BACK),
        evaluation=str(EVALUATION),
        commitments=[Commitment(sort_order=i, **{k: str(v) for k, v in c.items()})
                     for i, c in enumerate(TEMPLATE_COMMITMENTS)],
    )
