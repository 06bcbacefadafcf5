"""Real-time scheduling for the thread that reads market data (Linux).

On a busy machine the millisecond tail of tick-to-client latency is the kernel's fair scheduler: a woken reader may
wait for another thread's time slice before it runs. ``SCHED_FIFO`` runs it as soon as data arrives; the daemon's
``[daemon] realtime_priority`` does the same for its own threads (docs/deployment.md, "Real-time priority").
"""
import os

MAX_PRIORITY = 98


def set_realtime_priority(priority: int) -> None:
    """Run the calling thread ``SCHED_FIFO`` at ``priority`` (1..98); 0 puts it back to normal scheduling.

    Call it on the thread that iterates ``stream()``. Needs root, ``CAP_SYS_NICE`` or an ``RLIMIT_RTPRIO`` of at least
    ``priority`` (``ulimit -r``; systemd ``LimitRTPRIO=``). Never use it on a thread that spins: a real-time thread
    that does not block starves everything else on its CPU.

    Raises:
        ValueError: priority outside 0..98.
        PermissionError: the kernel refused (the message says what to grant).
        OSError: not supported on this platform.
    """
    if not 0 <= priority <= MAX_PRIORITY:
        raise ValueError(f"priority must be 0 (normal) or 1..{MAX_PRIORITY}, was {priority}")
    if not hasattr(os, "sched_setscheduler"):
        raise OSError("real-time scheduling needs Linux (os.sched_setscheduler)")
    # Threads this one starts begin at normal priority (SCHED_RESET_ON_FORK).
    policy = os.SCHED_FIFO | os.SCHED_RESET_ON_FORK if priority > 0 else os.SCHED_OTHER
    try:
        # pid 0 is the calling thread: Linux schedules threads, not processes.
        os.sched_setscheduler(0, policy, os.sched_param(priority))
    except PermissionError as e:
        raise PermissionError(
            f"SCHED_FIFO {priority} refused: run as root, grant CAP_SYS_NICE, or raise RLIMIT_RTPRIO "
            f"(ulimit -r {priority}; systemd LimitRTPRIO={priority})") from e
