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



def test_each_line_gets_one_of_three_verdicts_and_a_score(runner):
    lines = ["Exosome injections every Friday.", "Clinically proven results.", "Leaves skin feeling soft."]
    result = runner.invoke(args=["check-claims"], input="\n".join(lines) + "\n")
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["verdict"] for a in answers] == ["drug-like", "needs-review", "cosmetic"]
    assert answers[1]["findings"][0]["rule"] == "US-FTC-SUBSTANTIATION"
    assert all(0 <= a["score"] <= 1 for a in answers)


def test_train_claims_saves_a_model_that_scores_like_the_sessions(runner, tmp_path):
    from compliance import claims_model

    result = runner.invoke(args=["train-claims", "--output", str(tmp_path / "model.joblib")])
    assert result.exit_code == 0 and "Trained the claims model on" in result.output
    saved = claims_model.FastScorer(claims_model.joblib.load(tmp_path / "model.joblib")["pipeline"])
    assert saved.score("Acne? Gone in a week.") == claims_model.model().score("Acne? Gone in a week.")


def test_the_country_option_picks_the_advertising_rules(runner):
    lines = "Botox from 99 pounds.\n"
    uk = json.loads(runner.invoke(args=["check-claims", "--country", "GB"], input=lines).output)
    us = json.loads(runner.invoke(args=["check-claims", "--country", "US"], input=lines).output)
    assert (uk["verdict"], us["verdict"]) == ("drug-like", "cosmetic")
    assert runner.invoke(args=["check-claims", "--country", "FR"], input=lines).exit_code == 2
