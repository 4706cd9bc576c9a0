import time
import pytest
from core.petitions.signals import petition_event_recorded
from core.nationaldb import services
from .conftest import case_make, flush, records

pytestmark = pytest.mark.django_db

def test_timing(national_db, officer_a, unit_a):
    spent = []
    original = services.export_on_event
    def timed(sender, **kwargs):
        t = time.perf_counter()
        try:
            return original(sender, **kwargs)
        finally:
            spent.append(time.perf_counter() - t)
    petition_event_recorded.disconnect(dispatch_uid="nationaldb.export_on_event")
    petition_event_recorded.connect(timed, dispatch_uid="nationaldb.export_on_event")
    try:
        a = time.perf_counter()
        for n in range(100):
            case_make(officer_a, steps=("classify",) if n % 10 else ("classify", "accept"), subject=f"V {n}")
        b = time.perf_counter()
        r = flush(unit_a)
        c = time.perf_counter()
    finally:
        petition_event_recorded.disconnect(dispatch_uid="nationaldb.export_on_event")
        petition_event_recorded.connect(original, dispatch_uid="nationaldb.export_on_event")
    print(f"\nSTEPS {len(spent)} total {b-a:.2f}s receiver {sum(spent):.3f}s mean {1000*sum(spent)/len(spent):.2f}ms max {1000*max(spent):.1f}ms; flush {r.records} records {r.sent_batches} batches {c-b:.2f}s")
