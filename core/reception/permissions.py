"""The reception permissions (declared on ``UnitProfile.Meta``), named once for the services."""

LOG_VISIT = "reception.log_visit"
MANAGE_SESSIONS = "reception.manage_sessions"
MANAGE_STAFF = "reception.manage_reception_staff"
