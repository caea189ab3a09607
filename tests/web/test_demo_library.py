"""``serve --demo`` puts the seed models into the model library and starts its cases from there."""

from __future__ import annotations

from sopflow.bpmn import seed_models
from sopflow.runner.cases import CaseService
from sopflow.runner.library import ModelLibrary
from sopflow.web.demo import prepare_demo


def test_the_demo_library_holds_the_seeds_and_its_cases_use_them(tmp_path):
    site = prepare_demo(tmp_path / "demo")
    service = CaseService(site.data_dir)
    try:
        library = ModelLibrary(service.store)
        models = library.list_models()
        assert sorted(m.name for m in models) == sorted(p.stem for p in seed_models())
        assert all(m.versions == 1 and m.latest.author_nip is None for m in models)
        statuses = [service.summary(case_id).status for case_id in site.cases]
        assert statuses.count("completed") == 1 and statuses.count("running") == len(models)  # one for the archivist
        by_number = {m.latest.sop_number: m.latest for m in models}
        for case_id in site.cases:
            number = service.summary(case_id).sop_number
            assert service.model_of(case_id).xml == library.files(by_number[number])[
                f"model/{by_number[number].model_file}"]
    finally:
        service.close()
    again = prepare_demo(tmp_path / "demo")  # reused: no second version of any seed
    service = CaseService(again.data_dir)
    try:
        assert [m.versions for m in ModelLibrary(service.store).list_models()] == [1] * len(models)
    finally:
        service.close()
