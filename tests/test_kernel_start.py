"""The conftest starts a notebook kernel again when it dies before answering (a port taken in between)."""
import nbval.kernel
import pytest

import conftest


def kernel_that_dies(times, said=b"zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:50123')"):
    calls = []

    def start(startup_timeout, kernel_name, **kwargs):
        calls.append(kwargs)
        if len(calls) <= times:
            kwargs["stderr"].write(said)
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "manager", "client"
    return start, calls


def test_nbval_starts_its_kernels_through_the_retry():
    assert nbval.kernel.start_new_kernel is conftest._start_kernel_again_if_it_died


def test_a_kernel_that_dies_once_is_started_again(monkeypatch):
    start, calls = kernel_that_dies(times=1)
    monkeypatch.setattr(conftest, "_nbval_start_new_kernel", start)
    started = conftest._start_kernel_again_if_it_died(kernel_name="k", stderr=None, cwd="/tmp")
    assert started == ("manager", "client")
    assert len(calls) == 2
    assert all(c["cwd"] == "/tmp" and c["stderr"] is not None for c in calls)


def test_a_kernel_that_always_dies_is_reported_with_what_it_said(monkeypatch):
    start, calls = kernel_that_dies(times=99)
    monkeypatch.setattr(conftest, "_nbval_start_new_kernel", start)
    with pytest.raises(RuntimeError) as error:
        conftest._start_kernel_again_if_it_died(kernel_name="k", stderr=None)
    assert len(calls) == conftest.KERNEL_START_ATTEMPTS
    message = str(error.value)
    assert f"did not start in {conftest.KERNEL_START_ATTEMPTS} attempts" in message
    assert message.count("Address already in use") == conftest.KERNEL_START_ATTEMPTS
