"""The CLI's way out (watcher/cli/leave.py): ``os._exit`` after what finalisation would have done
that a user notices — every line written, the exit code, the threads' work, the atexit functions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_a_long_output_to_a_file_is_complete_and_the_exit_code_kept(tmp_path):
    entries = tmp_path / "entries.jsonl"
    entries.write_text("".join(json.dumps({"title": f"Headline number {i}", "summary": "nothing here"}) + "\n"
                               for i in range(3000)))
    out = tmp_path / "out.jsonl"
    with open(out, "w") as f:
        done = subprocess.run([sys.executable, "-m", "watcher", "--config", os.path.join(ROOT, "config.toml"),
                               "test-rule", "--jsonl", str(entries), "--json"],
                              stdout=f, stderr=subprocess.PIPE, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == 3000 and json.loads(lines[-1])["index"] == 2999


def test_a_config_error_still_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(tmp_path / "missing.toml"), "check"],
                          capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 2 and "missing.toml" in done.stderr


def test_it_waits_for_running_threads_then_runs_atexit_functions(tmp_path):
    script = textwrap.dedent("""
        import atexit, sys, threading
        from watcher.cli.leave import leave
        def work():
            sys.stdin.readline()            # blocks until the test answers
            print("thread done", flush=True)
        atexit.register(lambda: print("atexit ran", flush=True))
        threading.Thread(target=work).start()
        print("ready", flush=True)
        leave(3)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline() == "ready\n"
    proc.stdin.write("go\n")
    proc.stdin.close()
    assert proc.stdout.read().splitlines() == ["thread done", "atexit ran"]
    assert proc.wait(timeout=30) == 3


def test_idle_executor_threads_do_not_keep_the_process_alive(tmp_path):
    """An executor's idle worker threads are non-daemon; finalisation wakes them through threading's
    own exit hooks before joining them. Joining them without those hooks hung `run --once` after a
    cold cycle (the process never exited)."""
    script = textwrap.dedent("""
        from concurrent.futures import ThreadPoolExecutor
        from watcher.cli.leave import leave
        pool = ThreadPoolExecutor(2)
        assert pool.submit(sum, [1, 2]).result() == 3     # its workers now wait for more work
        print("done", flush=True)
        leave(4)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stdout) == (4, "done\n")
