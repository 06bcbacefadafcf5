"""set_realtime_priority: the calling thread, and only it, runs SCHED_FIFO; refusals are clear errors."""
import os
import threading

import pytest

from slipstream_mktdata import set_realtime_priority

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setscheduler"), reason="Linux scheduling API only")


def run_in_thread(body):
    result = {}

    def target():
        try:
            result["value"] = body()
        except Exception as e:  # noqa: BLE001 - handed to the test thread
            result["error"] = e

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(5)
    assert not thread.is_alive()
    return result


def test_sets_fifo_on_the_calling_thread_only_or_says_what_to_grant():
    def body():
        try:
            set_realtime_priority(3)
        except PermissionError as e:
            assert "CAP_SYS_NICE" in str(e)
            return "refused"
        policy = os.sched_getscheduler(0) & ~os.SCHED_RESET_ON_FORK
        priority = os.sched_getparam(0).sched_priority
        set_realtime_priority(0)
        return (policy, priority, os.sched_getscheduler(0))

    result = run_in_thread(body)
    assert "error" not in result, result
    if result["value"] != "refused":
        assert result["value"] == (os.SCHED_FIFO, 3, os.SCHED_OTHER)
    assert os.sched_getscheduler(0) == os.SCHED_OTHER


def test_rejects_priorities_outside_zero_to_ninety_eight():
    with pytest.raises(ValueError, match="1..98"):
        set_realtime_priority(99)
    with pytest.raises(ValueError):
        set_realtime_priority(-1)
