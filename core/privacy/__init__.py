"""Citizens' personal data (Personal Data Protection Law 91/2025/QH15): a person's export on
request, the retention schedule, and pseudonymisation once the schedule lets it (domain.md §8)."""
