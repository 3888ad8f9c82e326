"""Importing and exporting practice sheets (CSV and JSON); schema in docs/practice-import.md.

An import is all or nothing: every row is validated first, every error of
every row is reported at once with where it is (the line of a CSV file, the
entry and its external_id in a JSON file), and only a file without errors is
written, in one transaction. Rows are matched on ``external_id``, so importing
the same file twice changes nothing. Rich text goes through the site's one
sanitiser (core.sanitize); control characters are removed from every cell.
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

from core.exports import neutralise
from core.models import Territory
from core.sanitize import clean_rich_text
from core.text import strip_control_characters

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


MAX_CELL_CHARACTERS = 100_000


class ImportFailed(Exception):
    """The file was refused; ``errors`` is a list of (where, message), where None for the
    whole file, else "line 3" (CSV) or "entry 2 (external_id “x”)" (JSON)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(format_error(where, msg) for where, msg in errors))


def format_error(where, message):
    return f"{where}: {message}" if where else message


def csv_line(number):
    return _("line %(number)s") % {"number": number}


def json_entry(number, external_id=""):
    if external_id:
        return _("entry %(number)s (external_id “%(id)s”)") % {"number": number,
                                                             "id": external_id}
    return _("entry %(number)s") % {"number": number}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    external_ids: list = field(default_factory=list)
    dry_run: bool = False


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
        raise ImportFailed([(csv_line(line), _("the file is not encoded in UTF-8 (save it as "
                                     "“CSV UTF-8” or convert it)."))]) from None
    if fmt == "json":
        return _read_json(text)
    return _read_csv(text)


def _read_csv(text):
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.replace("\x00", ""), newline=""),
                            delimiter=delimiter)
    try:
        header = [strip_control_characters(name).strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ImportFailed([(csv_line(1), _("unreadable header: %(error)s")
                             % {"error": exc})]) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFailed([(csv_line(1), _("missing column(s): %(columns)s.")
                             % {"columns": ", ".join(missing)})])
    reader.fieldnames = header
    rows = []
    line = 2
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell over the csv module's limit, a stray quote…
            raise ImportFailed([(csv_line(line), _(
                "unreadable row (%(error)s): a cell may be longer than %(limit)s characters "
                "or a quote may be missing.") % {"error": exc,
                                                "limit": csv.field_size_limit()})]) from None
        cells = {k: strip_control_characters(v or "").strip() for k, v in row.items()
                 if k and not isinstance(v, list)}
        rows.append((csv_line(line), cells))
        line = reader.line_num + 1
    return rows


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([(csv_line(exc.lineno), _("invalid JSON: %(error)s")
                             % {"error": exc.msg})]) from None
    except RecursionError:
        raise ImportFailed([(None, _("The JSON file is nested too deeply: sheets are objects "
                                     "whose values are text, numbers, booleans or lists."))]
                           ) from None
    if isinstance(data, dict):
        data = data.get("sheets")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFailed([(None, _("The JSON file must hold a list of sheets (objects)."))])
    rows, errors = [], []
    for number, item in enumerate(data, 1):
        external_id = item.get("external_id")
        where = json_entry(number, strip_control_characters(str(external_id))[:100]
                           if isinstance(external_id, str | int) else "")
        row = {}
        for key, value in item.items():
            key = strip_control_characters(str(key))
            if isinstance(value, list):
                if not all(isinstance(v, str | int | float) and not isinstance(v, bool)
                           for v in value):
                    errors.append((where, _("“%(column)s” must be a list of text values.")
                                   % {"column": key}))
                    continue
                value = LIST_SEPARATOR.join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, dict):
                errors.append((where, _("“%(column)s” must be a value, not an object.")
                               % {"column": key}))
                continue
            row[key] = "" if value is None else strip_control_characters(str(value)).strip()
        rows.append((where, row))
    if errors:
        raise ImportFailed(errors)
    return rows


# --- validating ----------------------------------------------------------------------


def _lookups():
    taxonomies = {}
    for name, model in TAXONOMIES.items():
        taxonomies[name] = {}
        for item in model.objects.all():
            for slug in (*item.former_slugs, item.slug):
                taxonomies[name][slug.lower()] = item
            taxonomies[name][item.name.lower()] = item
    territories = {t.insee_code: t for t in Territory.objects.all()}
    existing = {s.external_id: s for s in
                PracticeSheetPage.objects.exclude(external_id=None).only("pk", "external_id")}
    return taxonomies, territories, existing


def _page_fields():
    return [f.name for f in Page._meta.get_fields() if f.concrete and f.name != "title"]


CHOICE_COLUMNS = {"participation_level": "participation_level", "recruitment": "recruitment",
                  "status": "status", "licence": "licence"}


def _allowed(values) -> str:
    return ", ".join(values)


def validate_rows(rows):
    """Cleaned values per row, or ImportFailed with every error of every row (one pass)."""
    taxonomies, territories, existing = _lookups()
    choices = {name: [value for value, _label in
                      PracticeSheetPage._meta.get_field(field).choices]
               for name, field in CHOICE_COLUMNS.items()}
    errors, cleaned, seen = [], [], {}
    file_ids = {row.get("external_id") for _where, row in rows}
    for where, row in rows:
        row_errors, failed = [], set()

        def fail(column, message, row_errors=row_errors, failed=failed):
            row_errors.append(message)
            failed.add(column)

        values = {}
        for name, raw in row.items():
            if len(raw) > MAX_CELL_CHARACTERS:
                fail(name, _("“%(column)s” is longer than %(limit)s characters.")
                     % {"column": name, "limit": MAX_CELL_CHARACTERS})
        for name in REQUIRED:
            if not row.get(name):
                fail(name, _("“%(column)s” is required.") % {"column": name})
        external_id = row.get("external_id", "")
        if external_id in seen:
            fail("external_id", _("duplicate external_id “%(id)s” (already at %(where)s).")
                 % {"id": external_id, "where": seen[external_id]})
        elif external_id:
            seen[external_id] = where
        values["external_id"] = external_id
        values["title"] = row.get("title", "")
        for name in ("key_point_1", "key_point_2", "key_point_3"):
            values[name] = row.get(name, "")
        territory = territories.get(row.get("territory", ""))
        if row.get("territory") and territory is None:
            fail("territory", _("unknown territory “%(code)s” (give its INSEE code).")
                 % {"code": row["territory"]})
        values["territory"] = territory
        for name in TAXONOMIES:
            items = []
            for raw in [v.strip() for v in row.get(name, "").split(LIST_SEPARATOR)]:
                if not raw:
                    continue
                item = taxonomies[name].get(raw.lower())
                if item is None:
                    fail(name, _("unknown value “%(value)s” in “%(column)s” (known: "
                                 "%(allowed)s).") % {
                        "value": raw, "column": name,
                        "allowed": _allowed(sorted({i.slug for i in taxonomies[name].values()}))})
                else:
                    items.append(item)
            values[name] = items
        for name in TEXTS:
            values[name] = row.get(name, "")
        if not values["status"]:
            values["status"] = "ongoing"
        if not values["licence"]:
            values["licence"] = "cc-by-sa-4.0"
        for name, allowed in choices.items():
            if values[name] and values[name] not in allowed:
                fail(name, _("“%(value)s” is not allowed in “%(column)s”; choose one of: "
                             "%(allowed)s.") % {"value": values[name], "column": name,
                                                "allowed": _allowed(allowed)})
        for name in INTEGERS:
            raw = row.get(name, "")
            try:
                values[name] = int(raw) if raw else None
                if values[name] is not None and not 0 <= values[name] < 2**31:
                    raise ValueError
            except ValueError:
                values[name] = None
                fail(name, _("“%(column)s” must be a whole number.") % {"column": name})
        for name in DATES:
            raw = row.get(name, "")
            try:
                values[name] = datetime.date.fromisoformat(raw) if raw else None
            except ValueError:
                values[name] = None
                fail(name, _("“%(column)s” must be a date written YYYY-MM-DD.")
                     % {"column": name})
        raw = row.get("total_cost", "").replace(" ", "").replace(",", ".")
        try:
            values["total_cost"] = Decimal(raw) if raw else None
            if values["total_cost"] is not None and not values["total_cost"].is_finite():
                raise InvalidOperation
        except InvalidOperation:
            values["total_cost"] = None
            fail("total_cost", _("“total_cost” must be an amount in euros."))
        consent = row.get("contact_consent", "").lower()
        if consent not in TRUE | FALSE:
            fail("contact_consent", _("“contact_consent” must be true or false."))
        values["contact_consent"] = consent in TRUE
        for name in RICH:
            raw = row.get(name, "")
            values[name] = clean_rich_text(raw) if raw.lstrip().startswith("<") else "".join(
                f"<p>{escape(block.strip())}</p>" for block in raw.split("\n\n")
                if block.strip())
        adapted = row.get("adapted_from", "")
        if adapted and adapted == external_id:
            fail("adapted_from", _("“adapted_from” names the sheet itself."))
        elif adapted and adapted not in existing and adapted not in file_ids:
            fail("adapted_from", _("“adapted_from” names an unknown sheet “%(id)s”.")
                 % {"id": adapted})
        values["adapted_from"] = adapted
        row_errors += _model_errors(values, skip=failed)
        errors += [(where, message) for message in row_errors]
        cleaned.append((where, values))
    if errors:
        raise ImportFailed(errors)
    return cleaned


def _model_errors(values, skip=()):
    sheet = PracticeSheetPage(**{k: v for k, v in values.items()
                                 if k not in TAXONOMIES and k != "adapted_from"})
    messages = [f"{name}: {message}" for name, message in sheet_rule_errors(values).items()
                if name not in skip]
    try:
        sheet.clean_fields(exclude=_page_fields() + ["territory", "adapted_from", *skip])
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


def import_sheets(content: bytes, fmt: str, publish=True, user=None, progress=None,
                  dry_run=False):
    """Validate then write the whole file; returns an ImportReport or raises ImportFailed.

    Without ``publish``, new sheets are created unpublished and existing ones get a
    draft revision (their published version is untouched). With ``dry_run``, the file
    is validated and the report tells what would change; nothing is written.
    """
    from .services import library_page, unique_slug

    rows = validate_rows(read_rows(content, fmt))
    report = ImportReport(dry_run=dry_run)
    if dry_run:
        existing = {s.external_id: s for s in
                    PracticeSheetPage.objects.exclude(external_id=None)}
        for _where, values in rows:
            sheet = existing.get(values["external_id"])
            if sheet is None:
                report.created += 1
                continue
            draft = sheet.get_latest_revision_as_object()
            before = _signature(draft)
            for name, value in values.items():
                if name != "adapted_from":
                    setattr(draft, name, value)
            target = values["adapted_from"]
            draft.adapted_from = existing.get(target) if target else None
            if _signature(draft) == before:
                report.unchanged += 1
            else:
                report.updated += 1
        return report
    with transaction.atomic():
        library = library_page()
        by_id = {s.external_id: s for s in
                 PracticeSheetPage.objects.exclude(external_id=None)}
        pending_links = []
        iterator = progress(rows) if progress else rows
        for _where, values in iterator:
            existing = by_id.get(values["external_id"])
            sheet = existing.get_latest_revision_as_object() if existing else \
                PracticeSheetPage(owner=user, live=publish)
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


def export_rows(queryset=None):
    if queryset is None:
        queryset = PracticeSheetPage.objects.live()
    queryset = (queryset.select_related("territory", "adapted_from")
                .prefetch_related("challenges", "mechanisms", "themes", "audiences")
                .order_by("pk"))
    for sheet in queryset:
        yield export_row(sheet)


def export_row(sheet) -> dict:
    """One sheet's structured data (its territory, taxonomies and adapted_from loaded)."""
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
    return row


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
