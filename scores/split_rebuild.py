"""A score rebuild split by province across Celery workers (a chord).

Reading the observations is most of a rebuild's time and grows with the country, so the split
path reads them in parallel: one task per batch of whole provinces (`read_province_batch`)
returns that batch's observations as compact columns through the result backend, and the
chord's callback (`finish_split_rebuild`) joins them and runs the very same national steps as
the single-process rebuild (`services.finish_started_run`: the engine, national and
provincial ranks, tiers, balance, decompositions, the write and the publish). Normalisation
and ranks are national, so the callback computes on the whole country: the result is identical
to `services.run_score_rebuild` by construction (tests compare every row).

The run keeps its states: the dispatching task moves it from queued to running and records the
methodology snapshot the callback computes with; every part beats the run's heartbeat (a run
whose worker died is failed by `recover_score_runs`, and a part or callback of a failed run
stops); a part that fails fails the run (the chord's error callback). Small countries keep the
single-process rebuild (`should_split`); see docs/performance.md "Rebuild across workers".
"""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.conf import settings

from counties.models import County
from scores import services
from scores.models import ScoreRun


def should_split() -> bool:
    """Whether rebuilds go across workers: the country has REBUILD_SPLIT_MIN_COUNTIES counties
    or more (0 turns the split off), and a chord can run (tasks in-process, or a result
    backend to carry the parts' columns to the callback)."""
    from governance.celery import app

    threshold = settings.REBUILD_SPLIT_MIN_COUNTIES
    if threshold <= 0:
        return False
    if not (app.conf.task_always_eager or settings.CELERY_RESULT_BACKEND):
        return False
    return County.objects.count() >= threshold


def province_batches(parts: int) -> list[list[int]]:
    """The provinces in at most `parts` batches of about equal numbers of counties (largest
    province first, each to the lightest batch)."""
    sizes: dict[int, int] = {}
    for province_id in County.objects.order_by().values_list("province_id", flat=True):
        sizes[province_id] = sizes.get(province_id, 0) + 1
    batches: list[list[int]] = [[] for _ in range(max(1, min(parts, len(sizes))))]
    load = [0] * len(batches)
    for province_id, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        lightest = load.index(min(load))
        batches[lightest].append(province_id)
        load[lightest] += size
    return [sorted(batch) for batch in batches if batch]


def start_split_rebuild(run_id: int) -> ScoreRun:
    """Start a queued run and send its chord: a reading task per batch of provinces, then
    `finish_split_rebuild`. A run no longer queued is returned untouched; ScoreRunBusy as for
    the single-process rebuild. The run stays running until the callback ends it."""
    if not services.start_run(run_id):
        return ScoreRun.objects.get(pk=run_id)
    return services.guard_run(run_id, _send_chord)


def _send_chord(run_id: int) -> ScoreRun:
    from celery import chord

    from scores.tasks import fail_split_rebuild, finish_split_rebuild_task, read_province_batch

    run, _spec, _rules = services.prepare_started_run(run_id)
    started = time.time()
    header = [
        read_province_batch.s(run_id, batch)
        for batch in province_batches(settings.REBUILD_SPLIT_PARTS)
    ]
    callback = finish_split_rebuild_task.s(run_id, started).on_error(fail_split_rebuild.si(run_id))
    chord(header)(callback)
    return ScoreRun.objects.get(pk=run.pk)


def read_province_batch(run_id: int, provinces: Sequence[int]) -> dict[str, Any]:
    """The observations the run scores, of these provinces' counties, packed for the result
    backend (RunAbandoned if the run is no longer running)."""
    services.beat(run_id)
    run = ScoreRun.objects.get(pk=run_id)
    spec, _rules = services.snapshot_spec(run)
    indicators = services.fetch_indicator_codes(services.spec_codes(spec))
    columns = services.fetch_observation_columns(list(indicators), provinces=provinces)
    return pack_columns(columns)


def finish_split_rebuild(run_id: int, parts: Sequence[dict[str, Any]], started: float) -> ScoreRun:
    """The chord's callback: join the parts' columns and compute, write and end the run as the
    single-process rebuild does (errors fail the run, see services.guard_run)."""

    def work(run_id: int) -> ScoreRun:
        run = ScoreRun.objects.get(pk=run_id)
        spec, rules = services.snapshot_spec(run)
        clock = time.perf_counter()
        columns = services.ObservationColumns.concatenate([unpack_columns(p) for p in parts])
        rows = services.with_observations(
            services.fetch_score_units(services.spec_codes(spec)), columns
        )
        timings = {
            # Wall time from the chord's start to its callback: the parallel reads and the
            # queue's delays; then the time to join the parts here.
            "read": round(max(0.0, time.time() - started), 3),
            "join": round(time.perf_counter() - clock, 3),
            "parts": float(len(parts)),
        }
        return services.finish_started_run(run, rows, spec, rules, timings)

    return services.guard_run(run_id, work)


def fail_split_run(run_id: int) -> ScoreRun:
    """Fail a running split run whose part failed (its retries spent, or the run abandoned)."""
    return services.fail_run(
        run_id, "A part of the rebuild split across workers failed; a later run will retry."
    )


# --- the parts' columns through the result backend (JSON) --------------------------------------


def _pack(array: np.ndarray) -> dict[str, str]:
    return {"dtype": array.dtype.str, "data": base64.b64encode(array.tobytes()).decode("ascii")}


def _unpack(packed: dict[str, str]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed["data"]), dtype=np.dtype(packed["dtype"]))


def _narrow(ids: np.ndarray) -> np.ndarray:
    """Ids as int32 when they fit (half the bytes to carry), else as they are."""
    if ids.size == 0 or (ids.min() >= 0 and ids.max() < 2**31):
        return ids.astype(np.int32)
    return ids


def pack_columns(columns: services.ObservationColumns) -> dict[str, Any]:
    """Observation columns as JSON-serialisable text: each array's bytes in base64, periods as
    the distinct keys and an index into them."""
    keys, index = np.unique(np.array(columns.period, dtype=str), return_inverse=True)
    return {
        "indicator": _pack(_narrow(columns.indicator)),
        "county": _pack(_narrow(columns.county)),
        "area": _pack(_narrow(columns.area)),
        "period_keys": keys.tolist(),
        "period_index": _pack(index.ravel().astype(np.int32)),
        "value": _pack(columns.value.astype(np.float64)),
        "synthetic": _pack(columns.synthetic.astype(np.bool_)),
    }


def unpack_columns(packed: dict[str, Any]) -> services.ObservationColumns:
    """The columns `pack_columns` packed."""
    keys = np.array(packed["period_keys"], dtype=object)
    index = _unpack(packed["period_index"])
    return services.ObservationColumns(
        indicator=_unpack(packed["indicator"]).astype(np.int64),
        county=_unpack(packed["county"]).astype(np.int64),
        area=_unpack(packed["area"]).astype(np.int64),
        period=keys[index].tolist() if index.size else [],
        value=_unpack(packed["value"]).astype(np.float64),
        synthetic=_unpack(packed["synthetic"]).astype(np.bool_),
    )
