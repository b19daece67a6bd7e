"""The SPSS syntax file is valid SPSS whatever the labels say."""


def test_spss_labels_with_an_apostrophe_are_valid_spss_strings():
    from rose.outcomes.exports import _spss_text, spss_syntax

    assert _spss_text("the patient's baseline") == "'the patient''s baseline'"
    syntax = spss_syntax(user=None)
    labels = [line for line in syntax.splitlines() if line.startswith("  days_from_baseline ")]
    assert labels == ["  days_from_baseline 'Days from the patient''s baseline due date to the answers'"]
    for line in syntax.splitlines():  # every quoted literal closes: an even number of single quotes
        assert line.count("'") % 2 == 0, line
