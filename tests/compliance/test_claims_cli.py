"""The claims checker as `flask check-claims` (tests/api/test_claims.py tests it as `POST /api/v1/claims/check`)."""
import json


def test_the_command_prints_one_json_object_a_line(runner):
    result = runner.invoke(args=["check-claims"], input="Our serum heals acne.\n\nSoothes post-procedure skin.\n")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["verdict"] for line in lines] == ["drug-like", "cosmetic"]
    assert lines[0]["text"] == "Our serum heals acne."
    assert lines[0]["findings"] == [{"match": "heals acne", "rule": "US-FDA-CLAIMS",
                                     "suggestion": lines[0]["findings"][0]["suggestion"]}]
    assert lines[1]["findings"] == []

