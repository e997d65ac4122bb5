"""The application's chain: the log's hash chain (``storage/chain.py``) checked and started."""

from __future__ import annotations

from collections.abc import Mapping

from .storage import IndexedRecorder, Progress, chain


class AppChain:
    """Verifying the log against its chain; every write is refused where it fails."""

    index: IndexedRecorder  # the store's recorder, set by the application

    def log_digest(self) -> chain.LogDigest:
        """The log's last position and the digest of the whole log up to it, as chained."""
        return chain.head_digest(self.index.chain_head())

    def verify(
        self, progress: Progress | None = None, anchors: Mapping[int, str] | None = None
    ) -> tuple[int, chain.LogDigest]:
        """Recompute the chain from the log: how many events, and the head digest. Only reads.

        Raises ``ChainBroken`` naming the first position that was edited, deleted,
        inserted or moved outside the engine, where the log has no chain, or where
        its digest is not that of an anchor (``position -> hex digest`` kept elsewhere).
        """
        tables = self.index.tables()
        if "timeline_chain" not in tables or not self.index.chain_built():
            first = self.index.log_after(0, 1 << 62)  # as stored: a crafted row is no error here
            if first:
                rows = "timeline_chain" in tables and bool(self.index.chain_after(0, 1 << 62))
                raise chain.ChainMissing(first[0].position, rows)
            return chain.verify(iter(()), iter(()), anchors)[0], chain.head_digest(chain.START)
        end, report = self.index.log_end(), progress or quiet
        log = chain.pages(lambda after: self.index.log_after(after, end))

        def links(after: int) -> list[chain.Link]:
            report(after, end)
            return self.index.chain_after(after, end)

        count, head = chain.verify(log, chain.pages(links), anchors)
        return count, chain.head_digest(head)

    def unverified(self) -> chain.ChainBroken | None:
        """Why the log fails verification, or None where it passes."""
        try:
            self.verify()
        except chain.ChainBroken as e:
            return e
        return None

    def check_verified(self, outcome: str) -> None:
        """Refuse to go on from a log that fails verification, naming its first bad position."""
        failure = self.unverified()
        if failure is not None:
            raise chain.Unverified(
                f"{failure}; {outcome} (--accept-unverified goes on regardless, and says so)"
            )

    def start_chain(self, progress: Progress | None = None) -> int:
        """Chain a log written before the chain existed, trusting it as it is now.

        Refused where the log has a chain, or had one (its marker, or a row of it).
        """
        return self.index.build_chain(progress or quiet)


def quiet(done: int, total: int) -> None:
    pass
