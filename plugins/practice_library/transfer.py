"""Importing and exporting practice sheets (CSV and JSON); schema in docs/practice-import.md.

An import is all or nothing: every row is validated first, errors are reported
with their line number, and only a file without errors is written, in one
transaction. Rows are matched on ``external_id``, so importing the same file
twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.models import Territory

from .models import (
    SECTIONS,
    Audience,
    Challenge,
    Mechanism,
    PracticeSheetPage,
    Theme,
    sheet_rule_errors,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
LIST_SEPARATOR = "|"
REQUIRED = ["external_id", "title", "territory", "key_point_1", "key_point_2", "key_point_3"]
TAXONOMIES = {"challenges": Challenge, "mechanisms": Mechanism, "themes": Theme,
              "audiences": Audience}
INTEGERS = ["volunteers_count", "drawn_count", "participants_count"]
DATES = ["start_date", "end_date"]
TEXTS = ["participation_level", "recruitment", "status", "staff_time", "programme",
         "contact_name", "contact_role", "contact_email", "licence"]
RICH = [name for name, _heading in SECTIONS]
COLUMNS = (REQUIRED + list(TAXONOMIES) + TEXTS[:3] + INTEGERS + DATES + ["total_cost"]
           + TEXTS[3:8] + ["contact_consent", "adapted_from"] + RICH)
TRUE = {"1", "true", "yes", "oui", "vrai", "x"}
FALSE = {"", "0", "false", "no", "non", "faux"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFailed(Exception):
    """The file was refused; ``errors`` is a list of (line, message), line None for the file."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(format_error(line, msg) for line, msg in errors))


def format_error(line, message):
    return f"{_('line')} {line}: {message}" if line else message


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    external_ids: list = field(default_factory=list)


# --- reading -----------------------------------------------------------------------


def read_rows(content: bytes, fmt: str):
    """[(line, {column: value})] from the file's bytes; raises ImportFailed."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFailed([(None, _("The file is too large (%(size)s MB); the limit is "
                                     "%(limit)s MB: split it into several files.")
                             % {"size": round(len(content) / 1024 / 1024, 1),
                                "limit": MAX_IMPORT_BYTES // 1024 // 1024})])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        raise ImportFailed([(line, _("the file is not encoded in UTF-8 (save it as "
                                     "“CSV UTF-8” or convert it)."))]) from None
    if fmt == "json":
        return _read_json(text)
    return _read_csv(text)


def _read_csv(text):
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFailed([(1, _("missing column(s): %(columns)s.")
                             % {"columns": ", ".join(missing)})])
    reader.fieldnames = header
    rows = []
    line = 2
    for row in reader:
        rows.append((line, {k: (v or "").strip() for k, v in row.items() if k}))
        line = reader.line_num + 1
    return rows


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([(exc.lineno, _("invalid JSON: %(error)s") % {"error": exc.msg})]
                           ) from None
    if isinstance(data, dict):
        data = data.get("sheets")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFailed([(None, _("The JSON file must hold a list of sheets (objects)."))])
    rows = []
    for number, item in enumerate(data, 1):
        row = {}
        for key, value in item.items():
            if isinstance(value, list):
                value = LIST_SEPARATOR.join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            row[key] = "" if value is None else str(value).strip()
        rows.append((number, row))
    return rows


# --- validating ----------------------------------------------------------------------


def _lookups():
    taxonomies = {}
    for name, model in TAXONOMIES.items():
        taxonomies[name] = {}
        for item in model.objects.all():
            taxonomies[name][item.slug.lower()] = item
            taxonomies[name][item.name.lower()] = item
    territories = {t.insee_code: t for t in Territory.objects.all()}
    existing = {s.external_id: s for s in
                PracticeSheetPage.objects.exclude(external_id=None).only("pk", "external_id")}
    return taxonomies, territories, existing


def _page_fields():
    return [f.name for f in Page._meta.get_fields() if f.concrete and f.name != "title"]


def validate_rows(rows):
    """Cleaned values per row, or ImportFailed with every error of every row."""
    taxonomies, territories, existing = _lookups()
    errors, cleaned, seen = [], [], {}
    file_ids = {row.get("external_id") for _line, row in rows}
    for line, row in rows:
        row_errors = []
        values = {}
        for name in REQUIRED:
            if not row.get(name):
                row_errors.append(_("“%(column)s” is required.") % {"column": name})
        external_id = row.get("external_id", "")
        if external_id in seen:
            row_errors.append(_("duplicate external_id “%(id)s” (already on line %(line)s).")
                              % {"id": external_id, "line": seen[external_id]})
        elif external_id:
            seen[external_id] = line
        values["external_id"] = external_id
        values["title"] = row.get("title", "")
        for name in ("key_point_1", "key_point_2", "key_point_3"):
            values[name] = row.get(name, "")
        territory = territories.get(row.get("territory", ""))
        if row.get("territory") and territory is None:
            row_errors.append(_("unknown territory “%(code)s” (give its INSEE code).")
                              % {"code": row["territory"]})
        values["territory"] = territory
        for name in TAXONOMIES:
            items = []
            for raw in [v.strip() for v in row.get(name, "").split(LIST_SEPARATOR)]:
                if not raw:
                    continue
                item = taxonomies[name].get(raw.lower())
                if item is None:
                    row_errors.append(_("unknown value “%(value)s” in “%(column)s”.")
                                      % {"value": raw, "column": name})
                else:
                    items.append(item)
            values[name] = items
        for name in TEXTS:
            values[name] = row.get(name, "")
        if not values["status"]:
            values["status"] = "ongoing"
        if not values["licence"]:
            values["licence"] = "cc-by-sa-4.0"
        for name in INTEGERS:
            raw = row.get(name, "")
            try:
                values[name] = int(raw) if raw else None
                if values[name] is not None and values[name] < 0:
                    raise ValueError
            except ValueError:
                row_errors.append(_("“%(column)s” must be a whole number.") % {"column": name})
        for name in DATES:
            raw = row.get(name, "")
            try:
                values[name] = datetime.date.fromisoformat(raw) if raw else None
            except ValueError:
                row_errors.append(_("“%(column)s” must be a date written YYYY-MM-DD.")
                                  % {"column": name})
        raw = row.get("total_cost", "").replace(" ", "").replace(",", ".")
        try:
            values["total_cost"] = Decimal(raw) if raw else None
        except InvalidOperation:
            row_errors.append(_("“total_cost” must be an amount in euros."))
        consent = row.get("contact_consent", "").lower()
        if consent not in TRUE | FALSE:
            row_errors.append(_("“contact_consent” must be true or false."))
        values["contact_consent"] = consent in TRUE
        for name in RICH:
            raw = row.get(name, "")
            values[name] = raw if raw.lstrip().startswith("<") else "".join(
                f"<p>{escape(block.strip())}</p>" for block in raw.split("\n\n")
                if block.strip())
        adapted = row.get("adapted_from", "")
        if adapted and adapted not in existing and adapted not in file_ids:
            row_errors.append(_("“adapted_from” names an unknown sheet “%(id)s”.")
                              % {"id": adapted})
        values["adapted_from"] = adapted
        if not row_errors:
            row_errors += _model_errors(values)
        errors += [(line, message) for message in row_errors]
        cleaned.append((line, values))
    if errors:
        raise ImportFailed(errors)
    return cleaned


def _model_errors(values):
    sheet = PracticeSheetPage(**{k: v for k, v in values.items()
                                 if k not in TAXONOMIES and k != "adapted_from"})
    messages = [f"{name}: {message}" for name, message in sheet_rule_errors(values).items()]
    try:
        sheet.clean_fields(exclude=_page_fields() + ["territory", "adapted_from"])
    except ValidationError as exc:
        messages += [f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items()]
    return [str(m) for m in messages]


# --- writing -----------------------------------------------------------------------------


def _signature(sheet):
    data = {name: getattr(sheet, name) for name in
            ["title", "key_point_1", "key_point_2", "key_point_3", *TEXTS, *INTEGERS,
             *DATES, "contact_consent", *RICH]}
    data["territory"] = sheet.territory_id
    data["total_cost"] = None if sheet.total_cost is None else Decimal(sheet.total_cost)
    data["adapted_from"] = sheet.adapted_from_id
    for name in TAXONOMIES:
        data[name] = sorted(item.pk for item in getattr(sheet, name).all())
    return data


def import_sheets(content: bytes, fmt: str, publish=True, user=None, progress=None):
    """Validate then write the whole file; returns an ImportReport or raises ImportFailed."""
    from .services import library_page, unique_slug

    rows = validate_rows(read_rows(content, fmt))
    report = ImportReport()
    with transaction.atomic():
        library = library_page()
        by_id = {s.external_id: s for s in
                 PracticeSheetPage.objects.exclude(external_id=None)}
        pending_links = []
        iterator = progress(rows) if progress else rows
        for _line, values in iterator:
            existing = by_id.get(values["external_id"])
            sheet = existing.get_latest_revision_as_object() if existing else \
                PracticeSheetPage(owner=user)
            before = _signature(sheet) if existing else None
            for name, value in values.items():
                if name == "adapted_from":
                    continue
                setattr(sheet, name, value)
            target = values["adapted_from"]
            sheet.adapted_from = by_id.get(target) if target else None
            if target and sheet.adapted_from is None:
                pending_links.append((sheet, target))
            if existing is None:
                sheet.slug = unique_slug(library, sheet.title)
                library.add_child(instance=sheet)
                report.created += 1
            elif _signature(sheet) == before:
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            by_id[sheet.external_id] = sheet
            report.external_ids.append(sheet.external_id)
            revision = sheet.save_revision(user=user)
            if publish:
                revision.publish(user=user)
        for sheet, target in pending_links:
            page = PracticeSheetPage.objects.get(pk=sheet.pk).get_latest_revision_as_object()
            page.adapted_from = by_id[target]
            revision = page.save_revision(user=user)
            if publish:
                revision.publish(user=user)
    return report


# --- exporting -----------------------------------------------------------------------------


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula, made inert (OWASP CSV injection)."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_rows(queryset=None):
    if queryset is None:
        queryset = PracticeSheetPage.objects.live()
    queryset = (queryset.select_related("territory", "adapted_from")
                .prefetch_related("challenges", "mechanisms", "themes", "audiences")
                .order_by("pk"))
    for sheet in queryset:
        row = {
            "external_id": sheet.external_id or f"essaim-{sheet.pk}",
            "title": sheet.title, "territory": sheet.territory.insee_code,
            "key_point_1": sheet.key_point_1, "key_point_2": sheet.key_point_2,
            "key_point_3": sheet.key_point_3,
        }
        for name in TAXONOMIES:
            row[name] = [item.slug for item in getattr(sheet, name).all()]
        for name in TEXTS + INTEGERS + RICH:
            row[name] = getattr(sheet, name)
        for name in DATES:
            value = getattr(sheet, name)
            row[name] = value.isoformat() if value else None
        row["total_cost"] = None if sheet.total_cost is None else str(sheet.total_cost)
        row["contact_consent"] = sheet.contact_consent
        row["adapted_from"] = (sheet.adapted_from.external_id or f"essaim-{sheet.adapted_from.pk}"
                               if sheet.adapted_from else None)
        yield row


def export_json(queryset=None) -> str:
    return json.dumps(list(export_rows(queryset)), ensure_ascii=False, indent=2)


def export_csv(queryset=None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in export_rows(queryset):
        flat = {}
        for key, value in row.items():
            if isinstance(value, list):
                value = LIST_SEPARATOR.join(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            flat[key] = neutralise("" if value is None else str(value))
        writer.writerow(flat)
    return buffer.getvalue()
