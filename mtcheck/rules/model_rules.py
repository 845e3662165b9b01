"""The rules of the model stage (MT9xx): documented like the offline rules, so that `mtcheck rules`
and `mtcheck explain` cover every code a finding can carry. Their findings are made by
``model_stage`` (they need the models), not by ``rules.run_rules``; this module imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelRule:
    code: str
    name: str
    category: str
    severity: str
    summary: str
    why: str
    example: str
    false_positives: str
    languages = None  # every language the configured translation models cover

    def documentation(self) -> str:
        return (
            f"{self.code} {self.name}\n"
            f"category: {self.category}   severity: {self.severity}   stage: models (needs the model extras and models)\n\n"
            f"What it finds\n  {self.summary}\n\n"
            f"Why it signals machine translation\n  {self.why}\n\n"
            f"Example\n  {self.example}\n\n"
            f"Known false positives\n  {self.false_positives}\n"
        )


ROUND_TRIP = ModelRule(
    "MT901", "round-trip-divergence", "low_quality", "info",
    "A suspect sentence whose meaning does not survive a round trip (back-translation into English and back): "
    "low COMET and low chrF against its own round trip.",
    "Damaged machine translation often makes no sense in the target language; translating it back and forth "
    "exposes that, while a well-formed sentence comes back close to itself.",
    "(illustration) a garbled sentence such as 'Der Verlust war zum Teil darauf zurückzuführen Zu Rohrabachers "
    "...' that comes back from English as a different sentence.",
    "Headlines, idioms, lists of names and very short sentences round-trip badly in any text. The finding is info "
    "(warning only when a rule already flagged the sentence), so it cannot convict a human article on its own.",
)
DIFFERS_FROM_ORIGINAL = ModelRule(
    "MT902", "differs-from-original", "mistranslation", "warning",
    "A sentence whose back-translation differs in meaning from the aligned sentence of the source-language original "
    "(references/originals/): low reference COMET.",
    "Only meaning reveals a wrong sense (a bill that 'passed' rendered as a person 'dismissed'); with the English "
    "original at hand, COMET measures it directly.",
    "(illustration) 'Dana Rohrabacher wurde 2004 entlassen' would back-translate to '... was dismissed in 2004', "
    "far from an original that says the act was passed in 2004.",
    "A human rewrite that shortens or restructures the original also scores low; the message shows the original "
    "sentence so that a reader can judge.",
)
LOW_QE = ModelRule(
    "MT903", "low-estimated-quality", "low_quality", "info",
    "A sentence a reference-free quality model (CometKiwi, XCOMET) scores low against its back-translation.",
    "Quality estimation models are trained on human judgements of machine translation errors.",
    "(illustration) 'Kreml-Beamte Musk lobte Für seine damalige Meinung ...', a sentence a QE model should score low.",
    "QE models are trained on MT output, not on human text: fluent human sentences with rare names can score low. "
    "Info only. The models are CC-BY-NC-SA-4.0 (non-commercial).",
)
ERROR_SPAN = ModelRule(
    "MT904", "quality-error-span", "low_quality", "info",
    "An error span that XCOMET marks inside the article sentence (major: info, critical: warning), at the span's "
    "offsets.",
    "XCOMET locates translation errors; with the article sentence as 'mt' and its back-translation as 'src' its "
    "spans land on the article itself.",
    "(illustration) a span such as 'Für seine damalige Meinung' marked as a major error.",
    "Minor spans are kept in the sentence record only, since fluent human text gets them too. XCOMET is "
    "CC-BY-NC-SA-4.0 (non-commercial).",
)

MODEL_RULES: dict[str, ModelRule] = {r.code: r for r in (ROUND_TRIP, DIFFERS_FROM_ORIGINAL, LOW_QE, ERROR_SPAN)}
