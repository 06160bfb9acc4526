"""How `make test` shares the tests between its pytest-xdist workers (`-n 2`).

tests/conftest.py puts the tests in Django's order: ordinary database tests, then
transactional ones, then those without a database. A transactional test (live server,
real commits) empties its worker's database when it ends, so an ordinary test after it
on the same worker finds no site, home page or roles. xdist's own modes do not keep that
order on each worker, or split what must stay together:

- `load` keeps the order but splits a file between the workers, so a module fixture
  (the permission map's world, about two minutes) is built on both;
- `loadfile`/`loadscope` keep a file together but run all its tests at once, the
  transactional ones before the next file's ordinary ones; and, by default, hand out the
  biggest files first, whatever their kind.

So a work unit here is a run of consecutive tests (in that order) of one file, or of
tests/browser/ as a whole (one Chromium at a time on two cores, not two), and the units
are handed out strictly in order: a worker is only ever given units that come after the
ones it has had, so on every worker the ordinary database tests still run first. A file
with tests of two kinds is two units, which may go to different workers.
"""

from collections import Counter

from xdist.scheduler import LoadScopeScheduling

BROWSER_TESTS = "tests/browser/"


def _group(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    return BROWSER_TESTS if path.startswith(BROWSER_TESTS) else path


def work_units(collection: list[str]) -> dict[str, str]:
    """Each test's work unit: its file's (or the browser tests') run of consecutive tests."""
    units = {}
    runs: Counter[str] = Counter()
    previous = None
    for nodeid in collection:
        group = _group(nodeid)
        if group != previous:
            runs[group] += 1
            previous = group
        units[nodeid] = f"{group} (run {runs[group]})"
    return units


class InOrderScheduling(LoadScopeScheduling):
    """xdist's `loadscope`, with the units above, handed out in the collection's order."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.units: dict[str, str] = {}

    def _split_scope(self, nodeid: str) -> str:
        return self.units[nodeid]

    def schedule(self) -> None:
        # LoadScopeScheduling.schedule (pytest-xdist 3.8) without its reordering by size.
        assert self.collection_is_completed
        if self.collection is not None:
            for node in self.nodes:
                self._reschedule(node)
            return
        if not self._check_nodes_have_same_collection():
            self.log("**Different tests collected, aborting run**")
            return
        self.collection = list(next(iter(self.registered_collections.values())))
        if not self.collection:
            return
        self.units = work_units(self.collection)
        for nodeid in self.collection:
            self.workqueue.setdefault(self.units[nodeid], {})[nodeid] = False

        extra_nodes = len(self.nodes) - len(self.workqueue)
        for _ in range(max(extra_nodes, 0)):
            unused_node, _assigned = self.assigned_work.popitem()
            unused_node.shutdown()
        for node in self.nodes:
            self._assign_work_unit(node)
        for node in self.nodes:
            self._reschedule(node)
        if not self.workqueue:
            for node in self.nodes:
                node.shutdown()
