"""No admin registrations: the admin site runs on the platform's public schema only, and a unit's
reception records live in the unit's own schema. Units manage them on their staff pages
(web.reception.views) and through the API (api.reception)."""
