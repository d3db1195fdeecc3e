"""Custom Rasa NLU graph components for Pivot (run in the Rasa environment).

- `nlu.kb_entities.KBEntityMatcher`: occupations/fields, credentials and skills from the KB gazetteer.
- `nlu.quantities.QuantityExtractor`: money, durations, hours per week, format, level, ordinal, refinement.
- `nlu.language.LanguageDetector`: flags messages that are not in English.

The pure parsing logic lives in modules without Rasa imports (`nlu.gazetteer`, `nlu.quantity_parsing`,
`nlu.language_rules`) so it can be tested and reused without loading TensorFlow.
"""
