"""Where every schema stands against the code's migrations: which are behind, and by what.

    manage.py migration_status           # summary, then one line per schema behind
    manage.py migration_status --json    # the same as JSON, for scripts and readiness checks

Exits with status 1 when a schema is behind or a unit's schema is missing, so a deployment can
wait for ``migrate`` to finish before it sends traffic. One query per batch of schemas
(``tenants.migration_plan``), so it is quick at thousands of units.
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.migration_plan import migration_plan
from tenants.models import Unit


class Command(BaseCommand):
    help = "List the schemas (public, the unit template, every unit) whose migrations are behind the code."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")
        parser.add_argument("--all", action="store_true", help="list every schema, also those at head")

    def handle(self, *args, **options):
        plan = migration_plan()
        codes = dict(Unit.objects.values_list("schema_name", "code"))
        template = getattr(settings, "TENANT_BASE_SCHEMA", None)
        rows = [
            {
                "schema": state.schema,
                "unit": codes.get(state.schema, ""),
                "exists": state.exists,
                "missing": list(state.missing),
            }
            for state in plan.schemas
        ]
        behind = [row for row in rows if row["missing"] or not row["exists"]]
        if options["json"]:
            document = {
                "head": len(plan.head.nodes),
                "schemas": len(rows),
                "at_head": len(plan.at_head),
                "behind": [row for row in behind if row["exists"]],
                "absent": [row["schema"] for row in behind if not row["exists"]],
                "template": template,
            }
            if options["all"]:
                document["all"] = rows
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                f"{len(plan.at_head)} of {len(rows)} schemas at head ({len(plan.head.nodes)} migrations); "
                f"{len([r for r in behind if r['exists']])} behind; {len(plan.absent)} missing"
            )
            for row in rows if options["all"] else behind:
                name = row["schema"] + (f" ({row['unit']})" if row["unit"] else "")
                if not row["exists"]:
                    self.stdout.write(f"  {name}: the schema does not exist")
                elif row["missing"]:
                    shown = ", ".join(row["missing"][:10])
                    more = f" and {len(row['missing']) - 10} more" if len(row["missing"]) > 10 else ""
                    self.stdout.write(f"  {name}: {len(row['missing'])} missing: {shown}{more}")
                else:
                    self.stdout.write(f"  {name}: at head")
        if behind:
            sys.exit(1)
