"""Where a funnel runs: from the user's dataframe to a narwhals ``LazyFrame`` and back.

Lazy inputs (polars ``LazyFrame``, DuckDB relations, Dask, PySpark, Ibis) run in
their own engine. Eager inputs (pandas, polars ``DataFrame``, pyarrow) keep their
row order as a column, so ties between equal timestamps can follow it, and run in
the fastest local engine that is installed (``engine="auto"``: polars, then DuckDB,
then pandas itself) or in the one named by ``engine=``.

Example:
    >>> import pandas as pd
    >>> frame = to_lazy(pd.DataFrame({"a": [1, 2]}), engine="pandas")
    >>> frame.has_row_order, frame.implementation
    (True, 'pandas')

``engine="auto"`` picks polars or DuckDB only when they can take the input: a pandas
frame reaches them through pyarrow, so without pyarrow it stays on pandas.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import warnings
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data.errors import EventLogError

Engine = Literal["auto", "polars", "duckdb", "pandas", "native"]
ENGINES: tuple[str, ...] = get_args(Engine)
ROW = "__jw_row"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# engines whose narwhals backend can number rows inside groups in an order (``cum_count().over(order_by=)``)
_ORDERED_WINDOWS = {"pandas", "polars", "duckdb", "pyspark", "pyspark_connect", "sqlframe", "ibis", "modin", "cudf"}


class LazyLog:
    """The event log as narwhals lazy frames, with where it runs and whether it kept its row order.

    An eager input is converted to its engine one column set at a time (:meth:`select`), so a
    column no query reads (mixed types, nested objects) is never converted and never breaks
    a funnel. Conversions are cached per column set; into polars, per column, so the columns
    every query reads (user, time, event) are converted once however many queries there are.

    Example:
        >>> import pandas as pd
        >>> to_lazy(pd.DataFrame({"a": [1]}), engine="pandas").implementation
        'pandas'
    """

    def __init__(
        self,
        *,
        lazy: nw.LazyFrame[Any] | None = None,
        eager: nw.DataFrame[Any] | None = None,
        implementation: str,
    ) -> None:
        self._lazy_input, self._eager = lazy, eager
        self.implementation = implementation
        self.has_row_order = eager is not None
        self._converted: dict[tuple[str, ...], nw.LazyFrame[Any]] = {}
        self._columns: dict[str, Any] = {}  # polars frames of one column each, converted from the eager input

    @property
    def schema(self) -> dict[str, Any]:
        """Column names and narwhals dtypes of the input (with the row-order column of eager inputs).

        Example:
            >>> import pandas as pd
            >>> list(to_lazy(pd.DataFrame({"a": [1]}), engine="pandas").schema)
            ['__jw_row', 'a']
        """
        if self._eager is not None:
            return dict(self._eager.schema)
        assert self._lazy_input is not None  # noqa: S101 - one of the two is always set
        return dict(self._lazy_input.collect_schema())

    def select(self, columns: list[str]) -> nw.LazyFrame[Any]:
        """The log's ``columns`` as a lazy frame in its engine (only those columns are converted).

        Args:
            columns: the column names a query reads.

        Returns:
            A narwhals ``LazyFrame`` with those columns.

        Example:
            >>> import pandas as pd
            >>> to_lazy(pd.DataFrame({"a": [1], "b": [object()]}), engine="pandas").select(["a"]).columns
            ['a']
        """
        wanted = tuple(dict.fromkeys(columns))
        if self._lazy_input is not None:
            return self._lazy_input.select(*wanted)
        if wanted not in self._converted:
            assert self._eager is not None  # noqa: S101 - one of the two is always set
            subset = self._eager.select(*wanted)
            if self.implementation == "pandas":
                native = subset if subset.implementation.is_pandas() else nw.from_native(subset.to_pandas())
                self._converted[wanted] = native.lazy()
            elif self.implementation == "polars" and not subset.implementation.is_polars():
                self._converted[wanted] = self._polars_columns(wanted)
            else:
                self._converted[wanted] = subset.lazy(backend=self.implementation)  # type: ignore[arg-type]
        return self._converted[wanted]

    def _polars_columns(self, wanted: tuple[str, ...]) -> nw.LazyFrame[Any]:
        """Columns of the eager input as one polars lazy frame, each column converted once (zero-copy concat)."""
        import polars as pl  # noqa: PLC0415 - only when polars is the engine

        assert self._eager is not None  # noqa: S101 - only eager inputs are converted
        for name in wanted:
            if name not in self._columns:
                self._columns[name] = self._eager.select(name).lazy(backend="polars").collect().to_native()
        joined = pl.concat([self._columns[name] for name in wanted], how="horizontal")
        frame: nw.LazyFrame[Any] = nw.from_native(joined).lazy()
        return frame


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _can_take(engine: str, native: str) -> bool:
    """Whether ``engine`` is installed and can read an eager frame of library ``native``.

    polars reads its own frames; a pandas frame reaches polars or DuckDB through pyarrow.
    """
    if not _installed(engine):
        return False
    return native in {engine, "pyarrow"} or _installed("pyarrow")


def _auto_engine(native: str) -> str:
    for name in ("polars", "duckdb"):
        if _can_take(name, native):
            return name
    return "pandas"


def to_lazy(data: Any, *, engine: Engine = "auto") -> LazyLog:
    """Wrap any dataframe narwhals accepts as a ``LazyLog`` that runs in the chosen engine.

    Args:
        data: the event log: any dataframe narwhals accepts, eager or lazy.
        engine: where an eager frame is computed (``"auto"``, ``"pandas"``,
            ``"polars"``, ``"duckdb"`` or ``"native"``); lazy frames run in their own
            engine.

    Returns:
        The :class:`LazyLog`: an eager frame with the row index ``__jw_row`` and its
        target engine, or the lazy frame as it is.

    Raises:
        EventLogError: ``data`` is not a dataframe or has two columns of one name;
            ``engine`` is unknown, not installed, needs pyarrow to read this frame,
            or is set for a lazy frame.

    Example:
        >>> import pandas as pd
        >>> to_lazy(pd.DataFrame({"a": [1]}), engine="pandas").select(["__jw_row", "a"]).collect_schema().names()
        ['__jw_row', 'a']
    """
    if engine not in ENGINES:
        raise EventLogError(f"engine must be one of {', '.join(map(repr, ENGINES))}, got {engine!r}", path="engine")
    _check_unique_columns(data)
    try:
        wrapped = _from_native(data)
    except TypeError:
        msg = (
            "the event log must be a dataframe (pandas, polars, pyarrow, DuckDB, Dask, PySpark or Ibis), "
            f"got {type(data).__name__}"
        )
        raise EventLogError(msg, path="data") from None
    if isinstance(wrapped, nw.LazyFrame):
        if engine not in {"auto", "native"}:
            name = wrapped.implementation.name.lower()
            msg = f"engine={engine!r} only applies to eager dataframes; this {name} log runs in its own engine"
            raise EventLogError(msg, path="engine")
        return LazyLog(lazy=wrapped, implementation=wrapped.implementation.name.lower())
    if not isinstance(wrapped, nw.DataFrame):
        raise EventLogError(f"the event log must be a dataframe, got a {type(wrapped).__name__}", path="data")
    eager = wrapped.with_row_index(ROW)
    native_name = eager.implementation.name.lower()
    target = _auto_engine(native_name) if engine == "auto" else engine
    if target == "native":
        target = native_name
    if target not in {"polars", "duckdb"}:
        return LazyLog(eager=eager, implementation="pandas")
    if not _installed(target):
        raise EventLogError(f"engine={target!r} needs the {target} package: pip install {target}", path="engine")
    if not _can_take(target, native_name):
        msg = f"engine={target!r} needs pyarrow to read a {native_name} frame: pip install pyarrow (or engine='pandas')"
        raise EventLogError(msg, path="engine")
    return LazyLog(eager=eager, implementation=target)


def _check_unique_columns(data: Any) -> None:
    if isinstance(data, pd.DataFrame) and data.columns.duplicated().any():
        name = data.columns[data.columns.duplicated()][0]
        msg = f"the event log has two columns named {name!r}; rename one (column names must be unique)"
        raise EventLogError(msg, path=str(name))


def _from_native(native: Any) -> Any:
    with warnings.catch_warnings():
        # narwhals announces that Dask support will move to a `narwhals-dask` package: nothing a user of
        # ours can act on (and no release of ours can depend on it before it works with our floor)
        warnings.filterwarnings("ignore", message="Dask support is moving", category=FutureWarning)
        return nw.from_native(native)


def _lazy(native: Any) -> nw.LazyFrame[Any]:
    """A native frame back as a narwhals ``LazyFrame`` (eager pandas frames become lazy ones)."""
    wrapped = _from_native(native)
    lazy: nw.LazyFrame[Any] = wrapped.lazy() if isinstance(wrapped, nw.DataFrame) else wrapped
    return lazy


def orders_windows(implementation: str) -> bool:
    """Whether this engine can number rows within groups in a given order (``cum_count().over(order_by=...)``).

    Args:
        implementation: the engine's name, lower case (``"polars"``, ``"duckdb"``, ...).

    Returns:
        True where ordered per-group windows are supported.

    Example:
        >>> orders_windows("duckdb"), orders_windows("dask")
        (True, False)
    """
    return implementation in _ORDERED_WINDOWS


def epoch_microseconds(frame: nw.LazyFrame[Any], column: str, *, aware: bool, name: str) -> nw.LazyFrame[Any]:
    """Add ``name``: the timestamps of ``column`` as integer microseconds since 1970-01-01 UTC.

    Naive timestamps are read as UTC. Spark and DuckDB use their own epoch
    functions (narwhals has no duration arithmetic on Spark; DuckDB's is slower).

    Args:
        frame: the lazy frame.
        column: the timestamp column.
        aware: whether the timestamps carry a time zone.
        name: the new column's name.

    Returns:
        ``frame`` with the ``Int64`` column ``name`` added.

    Example:
        >>> import pandas as pd
        >>> lf = to_lazy(pd.DataFrame({"t": pd.to_datetime(["1970-01-01 00:00:01"])}), engine="pandas").select(["t"])
        >>> epoch_microseconds(lf, "t", aware=False, name="us").collect()["us"].to_list()
        [1000000]
    """
    if frame.implementation.is_pyspark() or frame.implementation.is_pyspark_connect():
        from pyspark.sql import functions as spark_functions  # noqa: PLC0415 - only when the log is a Spark frame

        native = frame.to_native()
        micros = spark_functions.unix_micros(spark_functions.col(column).cast("timestamp"))
        return _lazy(native.withColumn(name, micros))
    if frame.implementation.is_duckdb():  # DuckDB's own epoch_us: twice as fast as interval arithmetic
        native = frame.to_native()
        quoted = '"' + column.replace('"', '""') + '"'
        return _lazy(native.project(f'*, epoch_us({quoted}) AS "{name}"'))
    epoch = _EPOCH if aware else _EPOCH.replace(tzinfo=None)
    stamps = nw.col(column)
    dtype = frame.collect_schema()[column]
    zone = getattr(dtype, "time_zone", None)
    if aware and zone not in {None, "UTC", "Etc/UTC"} and not frame.implementation.is_duckdb():
        stamps = stamps.dt.convert_time_zone("UTC")  # DuckDB keeps instants zone-free already
    micros_expr = (stamps - nw.lit(epoch)).dt.total_microseconds().cast(nw.Int64)
    return frame.with_columns(micros_expr.alias(name))


def exact_integers(frame: nw.LazyFrame[Any], columns: list[str]) -> nw.LazyFrame[Any]:
    """Keep integer columns exact where nulls appear later (joins, masks).

    pandas (and Dask) turn ``int64`` columns into ``float64`` as soon as a null
    appears, which would round our 61-bit sort keys (on Dask, ties then lost their
    stage order). There, these columns become the nullable ``Int64`` dtype; other
    engines have nullable integers already.

    Args:
        frame: the lazy frame.
        columns: the integer columns to keep exact.

    Returns:
        ``frame`` with these columns nullable ``Int64`` on pandas (on Dask, only
        ``__jw_key``); the frame unchanged on other engines.

    Example:
        >>> import pandas as pd
        >>> lf = to_lazy(pd.DataFrame({"k": [2**60 + 1]}), engine="pandas").select(["k"])
        >>> str(exact_integers(lf, ["k"]).collect().to_native()["k"].dtype)
        'Int64'
    """
    if frame.implementation.is_dask():  # the same float64 turn; times (< 2**53 µs) stay exact as floats
        keys = [name for name in columns if name == "__jw_key"]
        return _lazy(frame.to_native().astype(dict.fromkeys(keys, "Int64"))) if keys else frame
    if not frame.implementation.is_pandas():
        return frame
    native = frame.collect().to_native()
    native = native.assign(
        **{name: native[name].astype("Int64") for name in columns if native[name].dtype.kind in "iu"}
    )
    return _lazy(native)


def shared(frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """Compute ``frame`` once when a query reads it several times (each funnel stage reads the events).

    DuckDB inlines every reference to a relation, so the per-user numbering
    window would run once per stage; its ``materialize()`` runs it once and keeps
    the rows inside DuckDB. polars collects into its own memory (its common
    subplan elimination does not reach across a ``concat``); pandas is eager.

    Args:
        frame: the lazy frame read several times.

    Returns:
        The materialized frame on DuckDB and polars; ``frame`` itself elsewhere.

    Example:
        >>> import pandas as pd
        >>> lf = to_lazy(pd.DataFrame({"a": [1]}), engine="pandas").select(["a"])
        >>> shared(lf) is lf
        True
    """
    if frame.implementation.is_duckdb():
        return _lazy(frame.to_native().materialize())
    if frame.implementation.is_polars():
        return _lazy(frame.to_native().collect().lazy())
    return frame


def checkpoint(frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """:func:`shared`, and on PySpark a local checkpoint that cuts the query plan there.

    A query that joins a frame with what it derives from it, stage after stage (the funnel's
    reachable chains under per-step windows), makes a plan Spark's analyzer copies at every
    self-join until it runs out of memory; computing the frame on the executors and starting
    the plan afresh from it keeps every stage's plan small. The rows stay in Spark.

    Args:
        frame: the lazy frame read several times.

    Returns:
        The computed frame on DuckDB, polars and PySpark; ``frame`` itself elsewhere.

    Example:
        >>> import pandas as pd
        >>> lf = to_lazy(pd.DataFrame({"a": [1]}), engine="pandas").select(["a"])
        >>> checkpoint(lf) is lf
        True
    """
    if frame.implementation.is_pyspark():
        return _lazy(frame.to_native().localCheckpoint())
    return shared(frame)


def collect_pandas(frame: nw.LazyFrame[Any]) -> pd.DataFrame:
    """Run the query and return its (small, aggregated) result as a pandas DataFrame.

    Args:
        frame: the (aggregated) lazy frame.

    Returns:
        The collected rows as a pandas DataFrame.

    Example:
        >>> import pandas as pd
        >>> lf = to_lazy(pd.DataFrame({"a": [1, 2]}), engine="pandas").select(["a"])
        >>> collect_pandas(lf.select(nw.col("a").sum()))["a"].tolist()
        [3]
    """
    result = frame.collect()
    if result.implementation.is_pandas():
        native: pd.DataFrame = result.to_native()
        return native
    if result.implementation.is_polars() and not _installed("pyarrow"):  # polars hands pandas frames over pyarrow
        small: pd.DataFrame = pd.DataFrame(result.to_dict(as_series=False), columns=list(result.columns))
        return small
    converted: pd.DataFrame = result.to_pandas()
    return converted
