"""Spreadsheet exports: one writer for every CSV and Excel file people download, with one
formula escaper, and an audit-log entry for every export of personal data."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

# A cell starting with one of these is run as a formula by spreadsheet software (OWASP
# "CSV injection"); whitespace before it does not stop some of them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """``value`` made inert for a spreadsheet (prefixed with a quote), other types kept."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    elif value is None:
        value = ""
    return neutralise(value if isinstance(value, int | float) else str(value))


def spreadsheet(header, rows, fmt="csv", title="") -> tuple[bytes, str]:
    """(content, content type) of a CSV (UTF-8 with BOM, semicolons: French spreadsheet
    defaults) or XLSX file holding ``header`` and ``rows``, every cell neutralised."""
    rows = [[_cell(value) for value in row] for row in rows]
    header = [neutralise(str(label)) for label in header]
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (str(title) or "Export")[:31]
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue(), XLSX
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def spreadsheet_response(filename, header, rows, fmt="csv", title="") -> HttpResponse:
    content, content_type = spreadsheet(header, rows, fmt, title)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def log_personal_data_export(user, instance, fmt, rows, **data):
    """Who exported whose personal data, when, in which format: in the admin's history."""
    from wagtail.log_actions import log

    log(instance=instance, action="bookings.export", user=user,
        data={"format": fmt, "rows": rows, **data})
