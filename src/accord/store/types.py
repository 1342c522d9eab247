"""Column types Accord needs beyond SQLAlchemy's own."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

MONEY_SCALE = 4
_QUANTUM = Decimal(1).scaleb(-MONEY_SCALE)


class Money(TypeDecorator[Decimal]):
    """An exact amount stored as a whole number of ten-thousandths.

    Integers keep amounts exact on SQLite (which has no decimal type) and PostgreSQL alike, and
    sum exactly in SQL. Amounts are rounded half-even to four decimal places.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN).scaleb(MONEY_SCALE))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-MONEY_SCALE).normalize()
