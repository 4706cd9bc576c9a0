"""Migrate the public schema, the template schema new units are created from, and every unit.

Which schemas are behind is read for all of them at once (``tenants.migration_plan``); only those
are migrated, each in one transaction, by ``--workers`` processes (``tenants.migration_runner``).
A failure stops the run with the schemas before it migrated and the failed one as it was; running
the command again continues with whatever is still behind. ``manage.py migration_status`` shows
where every schema stands.

A stale template would give new units a schema that lacks the latest tables while its migration
history claims otherwise, so the template is migrated with every migration run, before the units:
units created while the units are being migrated then start at the new head.

With an app label or a target migration, ``--plan``, ``--prune`` or an explicit ``--executor``,
the command is django-tenants' own ``migrate_schemas`` (every schema, one after the other).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import CommandError
from django_tenants.management.commands import SyncCommon
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from tenants.citus import CitusSchemaError, public_tables_register, schema_tables_check
from tenants.migration_plan import Head, MigrationPlan, SchemaState, migration_plan, migration_schemas
from tenants.migration_runner import SchemaResult, schema_migrate, schemas_migrate


class Command(MigrateSchemasCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes migrating unit schemas in parallel (default: the TENANT_MIGRATION_WORKERS setting, 1; "
            "--parallel is read the same way).",
        )

    def handle(self, *args, **options):
        legacy = (
            options.get("app_label")
            or options.get("migration_name")
            or options.get("plan")
            or options.get("prune")
            or options.get("executor")
        )
        if legacy:
            self._legacy(*args, **options)
            return
        SyncCommon.handle(self, *args, **options)
        # The migration graph, read from disk once for every plan of the run.
        self.head = Head.load()
        self.verbosity = int(options.get("verbosity", 1))
        public = settings.PUBLIC_SCHEMA_NAME
        configured: int = getattr(settings, "TENANT_MIGRATION_WORKERS", 1)
        workers: int = options.get("workers") or options.get("parallel") or configured
        if options.get("check_unapplied"):
            self._check()
            return
        if self.schema_name and self.schema_name != public:
            plan = migration_plan([self.schema_name], head=self.head)
            state = plan.schemas[0]
            if not state.exists:
                raise CommandError(f'Schema "{self.schema_name}" does not exist')
            if state.behind:
                self._run([state], options, workers=1)
            return
        if self.sync_public:
            state = migration_plan([public], head=self.head).schemas[0]
            if state.behind:
                self._note(f"{public}: {len(state.missing)} migration(s) to apply")
                self._run([state], options, workers=1)
            registered = public_tables_register()
            if registered:
                self._note(f"Citus: {len(registered)} public table(s) registered (with their foreign-key neighbours)")
        if self.sync_tenant:
            self._template_sync()
            plan = migration_plan(migration_schemas(public=False, template=False), head=self.head)
            for state in plan.absent:
                self.stderr.write(f"{state.schema}: the unit's schema does not exist; skipped")
            behind = plan.behind
            self._note(
                f"Units: {len(plan.schemas)} schema(s), {len(plan.at_head)} at head, {len(behind)} to migrate"
                + (f" with {min(workers, len(behind))} worker(s)" if behind else "")
            )
            if behind:
                self._run(behind, options, workers=workers)
            try:
                schema_tables_check([state.schema for state in plan.schemas if state.exists])
            except CitusSchemaError as error:
                raise CommandError(f"{error}. Distribute them: SELECT citus_schema_distribute('<schema>').") from error

    def _template_sync(self) -> None:
        template = getattr(settings, "TENANT_BASE_SCHEMA", None)
        if not template:
            return
        state = migration_plan([template], head=self.head).schemas[0]
        if state.exists and not state.missing:
            return
        self._note(f"{template}: {'created' if not state.exists else f'{len(state.missing)} migration(s) to apply'}")
        # Under the provisioning lock: no unit is cloned from a half-migrated template.
        from tenants.provisioning import template_schema_sync

        template_schema_sync()

    def _run(self, states: list[SchemaState], options: dict, *, workers: int) -> None:
        if len(states) == 1 and workers <= 1:
            try:
                schema_migrate(states[0], options=options)
            except Exception as error:
                raise CommandError(
                    f"Migrating schema {states[0].schema} failed; it was left as it was. {error}"
                ) from error
            return

        def progress(result: SchemaResult, done: int, total: int) -> None:
            if not result.ok:
                self.stderr.write(
                    f"[{done}/{total}] {result.schema}: FAILED after {result.seconds:.2f} s\n{result.error}"
                )
            elif self.verbosity >= 1:
                self.stdout.write(
                    f"[{done}/{total}] {result.schema}: {result.applied} migration(s) in {result.seconds:.2f} s"
                )

        report = schemas_migrate(states, options=options, workers=workers, on_result=progress)
        if report.failed:
            failed = ", ".join(result.schema for result in report.failed)
            raise CommandError(
                f"Migrating {failed} failed and was rolled back; {len(report.migrated)} schema(s) migrated, "
                f"{len(report.not_started)} not started. Fix the cause and run migrate again: "
                "it continues with the schemas still behind (manage.py migration_status lists them)."
            )

    def _check(self) -> None:
        plan: MigrationPlan = migration_plan(head=self.head)
        behind = plan.behind + [s for s in plan.absent if s.schema == getattr(settings, "TENANT_BASE_SCHEMA", None)]
        for state in behind:
            self.stdout.write(f"{state.schema}: {', '.join(state.missing) or 'missing'}")
        if behind:
            sys.exit(1)

    def _note(self, text: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(text)

    def _legacy(self, *args, **options) -> None:
        super().handle(*args, **options)
        schema = options.get("schema_name")
        if self.sync_tenant and schema in (None, "", settings.PUBLIC_SCHEMA_NAME):
            from tenants.provisioning import template_schema_sync

            template_schema_sync()
