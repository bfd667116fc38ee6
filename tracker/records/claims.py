"""How a claim is read: as an interval of the quantity it claims. exact q = [q, q]; more_than q
= (q, inf); at_least q = [q, inf); at_most q = [0, q]; about q = [0.9q, 1.1q]. A vague
magnitude is read as the least its word can mean, with no upper bound (a word such as
"thousands" says more than 1,999 of something, never how many at most): several = [3, inf),
dozens = [24, inf) (two dozen), hundreds = [200, inf), thousands = [2,000, inf), hundreds of
millions = [200,000,000, inf), billions = [2,000,000,000, inf); a quantity beside such a word
is not read. The claim-series rule compares these; the report names each subject's strongest
claim."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tracker.records.models import Claim
from tracker.values import Qualifier

ABOUT = Decimal("0.1")
LEAST = {  # the least each vague magnitude can mean
    Qualifier.several: Decimal(3),
    Qualifier.dozens: Decimal(24),
    Qualifier.hundreds: Decimal(200),
    Qualifier.thousands: Decimal(2_000),
    Qualifier.hundreds_of_millions: Decimal(200_000_000),
    Qualifier.billions: Decimal(2_000_000_000),
}


@dataclass(frozen=True)
class Bounds:
    """What a claim allows: low..high; ``*_open`` when the bound itself is excluded."""

    low: Decimal
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def below(self, other: Bounds) -> bool:
        """True when every value allowed here is less than every value ``other`` allows."""
        if self.high is None:
            return False
        return self.high < other.low or (
            self.high == other.low and (self.high_open or other.low_open)
        )

    def describe(self, claim: Claim) -> str:
        words = claim.qualifier.value.replace("_", " ")
        amount = f"{claim.quantity:,}" if claim.quantity is not None else ""
        return f"{words} {amount}".strip() if claim.qualifier != Qualifier.exact else amount


def bounds(claim: Claim) -> Bounds | None:
    q = claim.quantity
    if claim.qualifier in LEAST:
        return Bounds(LEAST[Qualifier(claim.qualifier)], None)
    if q is None:
        return None
    match claim.qualifier:
        case Qualifier.exact:
            return Bounds(q, q)
        case Qualifier.more_than:
            return Bounds(q, None, low_open=True)
        case Qualifier.at_least:
            return Bounds(q, None)
        case Qualifier.at_most:
            return Bounds(Decimal(0), q)
        case _:  # about
            return Bounds(q * (1 - ABOUT), q * (1 + ABOUT))
