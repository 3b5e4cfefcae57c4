"""Cross-sell reference data, part two (issue 18): the 42 pathways of UC-3, each use case's
personas (UC-1b) and discovery questions (DQ-2), the Error Tracking account-review questions
and chat cues (DQ-2), and DQ-1's two referral questions from seed 001. Texts verbatim from
seed 003_59a801b964a2a19e.txt (each use-case section) and seed 001_82fa82ba3a1daaa9.txt.
RevOps edits them on the Cross-sell settings page (P-6); history keeps every change."""

from django.db import migrations

SEED_003 = "seed 003_59a801b964a2a19e.txt, {section}"
SEED_001 = "seed 001_82fa82ba3a1daaa9.txt, How to run a cross-sell process"
SECTIONS = {
    "product_intelligence": "Product Intelligence",
    "release_engineering": "Release Engineering",
    "observability": "Observability",
    "growth_marketing": "Growth & Marketing",
    "ai_llm_observability": "AI/LLM Observability",
    "data_infrastructure": "Data Infrastructure",
    "customer_experience": "Customer Experience",
}

PATHWAYS = [{'code': 'PI-1',
  'from_use_case': 'product_intelligence',
  'position': 1,
  'condition': 'pa_only',
  'condition_text': 'Product Analytics only',
  'product': 'session_replay',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Session Replay',
  'why': 'They see the numbers but not the why',
  'conversation_starter': "You can see 40% drop off at step 3. Want to watch what's actually happening?"},
 {'code': 'PI-2',
  'from_use_case': 'product_intelligence',
  'position': 2,
  'condition': 'pa_and_sr',
  'condition_text': 'Product Analytics + Session Replay',
  'product': 'surveys',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Surveys',
  'why': "They're forming hypotheses from replays and want direct user input",
  'conversation_starter': "You're watching sessions and seeing confusion. Want to ask users directly what's "
                          'tripping them up?'},
 {'code': 'PI-3',
  'from_use_case': 'product_intelligence',
  'position': 3,
  'condition': 'pa_and_surveys',
  'condition_text': 'Product Analytics + Surveys',
  'product': 'experiments',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Experiments',
  'why': "They've identified problems and want to validate fixes",
  'conversation_starter': "You know the problem. Let's test whether your proposed fix actually works before "
                          'building it fully.'},
 {'code': 'PI-4',
  'from_use_case': 'product_intelligence',
  'position': 4,
  'condition': 'analytics_and_experiments_mature',
  'condition_text': 'Analytics + Experiments mature',
  'product': 'workflows',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Workflows',
  'why': 'They know what works and want to operationalize it',
  'conversation_starter': "You proved the new onboarding flow works. Now let's automatically nudge every new "
                          'user toward it.'},
 {'code': 'PI-5',
  'from_use_case': 'product_intelligence',
  'position': 5,
  'condition': 'product_team_in_posthog',
  'condition_text': 'Product team in PostHog',
  'product': '',
  'feature': '',
  'target_use_case': 'growth_marketing',
  'target_text': 'Growth & Marketing (for the growth team)',
  'why': 'Product team is in PostHog. Growth team should be too.',
  'conversation_starter': 'Your PMs are using PostHog for product decisions. Has the growth team seen what '
                          'they can do with funnels and experiments for conversion optimization?'},
 {'code': 'PI-6',
  'from_use_case': 'product_intelligence',
  'position': 6,
  'condition': 'b2b_without_group_analytics',
  'condition_text': 'B2B account, no Group Analytics',
  'product': 'group_analytics',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Group Analytics add-on',
  'why': 'B2B companies need company-level analytics',
  'conversation_starter': "You're tracking individual users. But do you know which companies are most "
                          'engaged and which are at risk?'},
 {'code': 'PI-7',
  'from_use_case': 'product_intelligence',
  'position': 7,
  'condition': 'product_team_flags_for_experiments',
  'condition_text': 'Product team using flags for experiments',
  'product': 'feature_flags',
  'feature': '',
  'target_use_case': 'release_engineering',
  'target_text': 'Release Engineering (for the eng team)',
  'why': 'Engineering is implementing flags for experiments. They can use them for releases too.',
  'conversation_starter': 'Your engineers are already deploying feature flags for experiments. Have they '
                          'considered using the same infrastructure for all their releases?'},
 {'code': 'RE-1',
  'from_use_case': 'release_engineering',
  'position': 1,
  'condition': 'ff_only',
  'condition_text': 'Feature Flags only',
  'product': 'experiments',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Experiments',
  'why': "They're gating features but not measuring impact",
  'conversation_starter': "You're rolling out features safely. But do you know if they're actually working? "
                          'Experiments are included with your flags.'},
 {'code': 'RE-2',
  'from_use_case': 'release_engineering',
  'position': 2,
  'condition': 'ff_and_experiments',
  'condition_text': 'Feature Flags + Experiments',
  'product': 'session_replay',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Session Replay',
  'why': "They're measuring impact but can't debug qualitative issues",
  'conversation_starter': 'Your experiment shows the control winning. Want to watch what users in the losing '
                          'variant are actually experiencing?'},
 {'code': 'RE-3',
  'from_use_case': 'release_engineering',
  'position': 3,
  'condition': 'ff_engineering_driven',
  'condition_text': 'Feature Flags (engineering-driven)',
  'product': '',
  'feature': '',
  'target_use_case': 'product_intelligence',
  'target_text': 'Product Intelligence (for the product team)',
  'why': 'Engineering is in PostHog. Product team should be too.',
  'conversation_starter': 'Your engineers use PostHog for releases. Has your product team seen the '
                          'analytics? They could track feature adoption and retention without a separate '
                          'tool.'},
 {'code': 'RE-4',
  'from_use_case': 'release_engineering',
  'position': 4,
  'condition': 'ff_growth_experiments',
  'condition_text': 'Feature Flags (for growth experiments)',
  'product': '',
  'feature': '',
  'target_use_case': 'growth_marketing',
  'target_text': 'Growth & Marketing (for the growth team)',
  'why': 'Growth team initiated the experiments, engineering implemented the flags. Expand the growth side.',
  'conversation_starter': 'Your growth team started the experiments. Have they explored Web Analytics and '
                          'Marketing Analytics for attribution?'},
 {'code': 'RE-5',
  'from_use_case': 'release_engineering',
  'position': 5,
  'condition': 'ff_and_experiments',
  'condition_text': 'Feature Flags + Experiments',
  'product': 'error_tracking',
  'feature': '',
  'target_use_case': 'observability',
  'target_text': 'Error Tracking / Observability',
  'why': "They're catching issues via experiments but want proactive error detection",
  'conversation_starter': "You're catching regressions through experiments. Error Tracking would catch "
                          'exceptions before they show up in your metrics.'},
 {'code': 'RE-6',
  'from_use_case': 'release_engineering',
  'position': 6,
  'condition': 'ai_product_releasing_changes',
  'condition_text': 'AI product releasing prompt/model changes',
  'product': 'llm_observability',
  'feature': 'ai_evals',
  'target_use_case': 'ai_llm_observability',
  'target_text': 'AI/LLM Observability',
  'why': "They need to detect quality regressions that error tracking won't catch",
  'conversation_starter': 'After your last prompt change, did output quality hold up? AI Evals would tell '
                          'you automatically.'},
 {'code': 'OB-1',
  'from_use_case': 'observability',
  'position': 1,
  'condition': 'et_only',
  'condition_text': 'Error Tracking only',
  'product': 'session_replay',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Session Replay',
  'why': "They see stack traces but can't reproduce the user experience",
  'conversation_starter': 'You can see the error. Want to see exactly what the user was doing when it '
                          'happened?'},
 {'code': 'OB-2',
  'from_use_case': 'observability',
  'position': 2,
  'condition': 'et_and_sr',
  'condition_text': 'Error Tracking + Session Replay',
  'product': 'logs',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Logging',
  'why': 'They have frontend error context but need backend logs',
  'conversation_starter': "You can see the user's session. But what was happening on the server at the same "
                          'time?'},
 {'code': 'OB-3',
  'from_use_case': 'observability',
  'position': 3,
  'condition': 'et_analytics_correlation',
  'condition_text': 'Error Tracking + analytics correlation',
  'product': '',
  'feature': '',
  'target_use_case': 'product_intelligence',
  'target_text': 'Product Intelligence (for the product team)',
  'why': "They're connecting errors to user impact. The product team would benefit from the same analytics.",
  'conversation_starter': "You're measuring error impact on users. Has your product team seen what they can "
                          'do with funnels and retention in the same platform?'},
 {'code': 'OB-4',
  'from_use_case': 'observability',
  'position': 4,
  'condition': 'et_engineering_in_posthog',
  'condition_text': 'Error Tracking (engineering in PostHog)',
  'product': 'feature_flags',
  'feature': '',
  'target_use_case': 'release_engineering',
  'target_text': 'Release Engineering (same engineering team)',
  'why': 'Engineering is in PostHog for errors. Feature flags for safe releases is a natural add.',
  'conversation_starter': "You're tracking errors after releases. What if you could gate features behind "
                          'flags and roll back without a deploy?'},
 {'code': 'OB-5',
  'from_use_case': 'observability',
  'position': 5,
  'condition': 'et_for_ai_features',
  'condition_text': 'Error Tracking for AI features',
  'product': 'llm_observability',
  'feature': '',
  'target_use_case': 'ai_llm_observability',
  'target_text': 'AI/LLM Observability',
  'why': 'Traditional error tracking misses AI quality regressions',
  'conversation_starter': "You're catching exceptions, but are you catching when your model starts giving "
                          "worse answers? That's a different kind of 'error.'"},
 {'code': 'GM-1',
  'from_use_case': 'growth_marketing',
  'position': 1,
  'condition': 'wa_and_marketing_analytics',
  'condition_text': 'Web Analytics + Marketing Analytics',
  'product': 'product_analytics',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Product Analytics (funnels, retention)',
  'why': 'They can see traffic and channels but need to connect it to actual user behavior and conversion',
  'conversation_starter': 'You know which channels bring traffic — but do you know which channels bring '
                          'users who retain?'},
 {'code': 'GM-2',
  'from_use_case': 'growth_marketing',
  'position': 2,
  'condition': 'pa_funnels',
  'condition_text': 'Product Analytics (funnels)',
  'product': 'experiments',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Experiments + Feature Flags',
  'why': "They've identified drop-off points and want to test fixes",
  'conversation_starter': "You've found the drop-off. Want to test whether a new flow actually improves "
                          'conversion?'},
 {'code': 'GM-3',
  'from_use_case': 'growth_marketing',
  'position': 3,
  'condition': 'pa_and_experiments',
  'condition_text': 'Product Analytics + Experiments',
  'product': 'workflows',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Workflows',
  'why': 'They know what works from experiments and want to operationalize it',
  'conversation_starter': "You proved the new onboarding works in an experiment. Now let's automatically "
                          'nudge every new user toward it.'},
 {'code': 'GM-4',
  'from_use_case': 'growth_marketing',
  'position': 4,
  'condition': 'experiments_ff_growth_driven',
  'condition_text': 'Experiments + Feature Flags (growth-driven)',
  'product': '',
  'feature': '',
  'target_use_case': 'release_engineering',
  'target_text': 'Release Engineering (for the eng team)',
  'why': 'Engineering is already implementing flags for experiments — they can use those same flags for '
         'progressive rollouts',
  'conversation_starter': 'Your engineering team is already using feature flags for growth experiments. Have '
                          'they considered using the same infrastructure for all their releases?'},
 {'code': 'GM-5',
  'from_use_case': 'growth_marketing',
  'position': 5,
  'condition': 'wa_and_pa',
  'condition_text': 'Web Analytics + Product Analytics',
  'product': 'data_pipelines',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Data Pipelines',
  'why': "They're analyzing conversion but not feeding it back to ad platforms or CRM",
  'conversation_starter': "You're measuring real conversions — are you sending those back to Meta and Google "
                          'so their algorithms can optimize?'},
 {'code': 'GM-6',
  'from_use_case': 'growth_marketing',
  'position': 6,
  'condition': 'any_gm_products',
  'condition_text': 'Any Growth & Marketing products',
  'product': 'session_replay',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Session Replay',
  'why': "They see a funnel drop-off but don't know why",
  'conversation_starter': 'Your checkout funnel drops 40% at step 3. Want to watch what users are actually '
                          'doing at that step?'},
 {'code': 'GM-7',
  'from_use_case': 'growth_marketing',
  'position': 7,
  'condition': 'gm_stack_established',
  'condition_text': 'Growth & Marketing stack established',
  'product': '',
  'feature': '',
  'target_use_case': 'product_intelligence',
  'target_text': 'Product Intelligence (for the product team)',
  'why': 'Marketing/growth is in PostHog — the product team should be too',
  'conversation_starter': 'Your growth team already uses PostHog for funnels and experiments. Has the '
                          'product team seen what they can do with cohorts and retention analysis?'},
 {'code': 'AI-1',
  'from_use_case': 'ai_llm_observability',
  'position': 1,
  'condition': 'llm_only',
  'condition_text': 'LLM Observability only',
  'product': 'llm_observability',
  'feature': 'ai_evals',
  'target_use_case': '',
  'target_text': 'AI Evals',
  'why': "They can see model metrics but don't know if the output is actually good",
  'conversation_starter': "You can see your model's latency and cost. But do you know if the quality held up "
                          'after your last prompt change?'},
 {'code': 'AI-2',
  'from_use_case': 'ai_llm_observability',
  'position': 2,
  'condition': 'llm_and_evals',
  'condition_text': 'LLM Obs + AI Evals',
  'product': 'product_analytics',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Product Analytics',
  'why': "They know model performance and quality. They don't know how users interact with the output.",
  'conversation_starter': 'Your model is fast and the quality is high. But are users actually accepting the '
                          'suggestions and converting?'},
 {'code': 'AI-3',
  'from_use_case': 'ai_llm_observability',
  'position': 3,
  'condition': 'llm_and_pa',
  'condition_text': 'LLM Obs + Product Analytics',
  'product': 'experiments',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Experiments',
  'why': 'They see model metrics and user behavior. They want to improve.',
  'conversation_starter': 'You can see GPT-4o costs more but users seem to prefer it. Want to run a proper '
                          'A/B test to quantify the difference?'},
 {'code': 'AI-4',
  'from_use_case': 'ai_llm_observability',
  'position': 4,
  'condition': 'ai_feature_releasing_changes',
  'condition_text': 'AI feature releasing changes',
  'product': 'feature_flags',
  'feature': '',
  'target_use_case': 'release_engineering',
  'target_text': 'Release Engineering (Feature Flags)',
  'why': "They're changing prompts/models and want controlled rollout",
  'conversation_starter': 'When you change your prompt, do you ship to everyone at once? Feature flags let '
                          'you roll out to 5% first and measure before going wide.'},
 {'code': 'AI-5',
  'from_use_case': 'ai_llm_observability',
  'position': 5,
  'condition': 'ai_features_in_posthog',
  'condition_text': 'AI features in PostHog',
  'product': '',
  'feature': '',
  'target_use_case': 'product_intelligence',
  'target_text': 'Product Intelligence (for the product team)',
  'why': 'AI team is in PostHog. The broader product team should be too.',
  'conversation_starter': 'Your AI team uses PostHog for model metrics. Has the product team seen what they '
                          'can do with funnels and retention for non-AI features?'},
 {'code': 'AI-6',
  'from_use_case': 'ai_llm_observability',
  'position': 6,
  'condition': 'et_for_ai_errors',
  'condition_text': 'Error Tracking for AI errors',
  'product': '',
  'feature': '',
  'target_use_case': 'observability',
  'target_text': 'Observability (full stack)',
  'why': "They're catching AI errors but not traditional application errors",
  'conversation_starter': "You're tracking model failures. Are you also catching the non-AI exceptions? "
                          'Error Tracking works for your entire stack.'},
 {'code': 'DI-1',
  'from_use_case': 'data_infrastructure',
  'position': 1,
  'condition': 'batch_exports_only',
  'condition_text': 'Batch Exports only',
  'product': 'data_warehouse',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Data Warehouse (bring data in)',
  'why': "They're pushing PostHog data out. Bringing business data in would let them do unified analysis in "
         'PostHog directly.',
  'conversation_starter': "You're exporting PostHog data to Snowflake. What if you could bring your Stripe "
                          'data into PostHog and skip the context-switch?'},
 {'code': 'DI-2',
  'from_use_case': 'data_infrastructure',
  'position': 2,
  'condition': 'pipelines_to_crm',
  'condition_text': 'Data Pipelines to CRM',
  'product': '',
  'feature': '',
  'target_use_case': 'growth_marketing',
  'target_text': 'Growth & Marketing',
  'why': "They're pushing data to HubSpot/Salesforce. The growth team could use more of the marketing "
         'analytics stack.',
  'conversation_starter': "You're syncing data to your CRM. Has the marketing team seen Web Analytics and "
                          'Marketing Analytics for attribution?'},
 {'code': 'DI-3',
  'from_use_case': 'data_infrastructure',
  'position': 3,
  'condition': 'dw_and_pa',
  'condition_text': 'Data Warehouse + Product Analytics',
  'product': '',
  'feature': '',
  'target_use_case': 'product_intelligence',
  'target_text': 'Product Intelligence (for the product team)',
  'why': "They're doing unified data analysis. The product team should be using the full analytics suite.",
  'conversation_starter': 'Your data team is doing advanced queries. Are your PMs using funnels, retention, '
                          'and session replay for product decisions?'},
 {'code': 'DI-4',
  'from_use_case': 'data_infrastructure',
  'position': 4,
  'condition': 'data_team_in_posthog',
  'condition_text': 'Data team in PostHog',
  'product': '',
  'feature': '',
  'target_use_case': 'any',
  'target_text': 'Any use case for other teams',
  'why': 'Data team is in PostHog and advocates for it. Expand to product, engineering, or growth.',
  'conversation_starter': 'Your data team loves PostHog. Which other teams could benefit? Product? '
                          'Engineering? Growth?'},
 {'code': 'CX-1',
  'from_use_case': 'customer_experience',
  'position': 1,
  'condition': 'sr_only',
  'condition_text': 'Session Replay only',
  'product': 'error_tracking',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Error Tracking',
  'why': "They're watching replays to find bugs. Structured error data makes this systematic instead of "
         'manual.',
  'conversation_starter': "You're watching sessions to find bugs. What if errors were automatically captured "
                          'and grouped so you could see which ones affect the most users?'},
 {'code': 'CX-2',
  'from_use_case': 'customer_experience',
  'position': 2,
  'condition': 'sr_and_et',
  'condition_text': 'Session Replay + Error Tracking',
  'product': 'logs',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Logging',
  'why': 'They have frontend context but need backend visibility when debugging server-side issues.',
  'conversation_starter': "You can see the user's session and the error. But what was happening on the "
                          'server at the same time?'},
 {'code': 'CX-3',
  'from_use_case': 'customer_experience',
  'position': 3,
  'condition': 'sr_and_et',
  'condition_text': 'Session Replay + Error Tracking',
  'product': '',
  'feature': '',
  'target_use_case': 'product_intelligence',
  'target_text': 'Product Intelligence (for the product team)',
  'why': 'Support and engineering are in PostHog for debugging. The product team would benefit from the same '
         'analytics for feature development.',
  'conversation_starter': 'Your support team is using PostHog to debug issues. Has your product team seen '
                          'what they can do with funnels and retention in the same platform?'},
 {'code': 'CX-4',
  'from_use_case': 'customer_experience',
  'position': 4,
  'condition': 'sr_et_and_pa',
  'condition_text': 'Replay + Errors + Analytics',
  'product': 'surveys',
  'feature': '',
  'target_use_case': '',
  'target_text': 'Surveys (NPS/CSAT)',
  'why': "They're debugging reactively. Surveys let them detect frustration proactively and tie it to "
         'specific sessions.',
  'conversation_starter': "You're great at debugging reported issues. But how do you find the frustrated "
                          'users who never file a ticket?'},
 {'code': 'CX-5',
  'from_use_case': 'customer_experience',
  'position': 5,
  'condition': 'sr_et_debugging_ai',
  'condition_text': 'Replay + Errors (debugging AI features)',
  'product': 'llm_observability',
  'feature': '',
  'target_use_case': '',
  'target_text': 'LLM Observability',
  'why': 'Traditional debugging misses AI-specific issues: prompt quality, hallucinations, latency.',
  'conversation_starter': "You're catching errors in your AI features. But are you seeing when the model "
                          "gives a bad answer that isn't technically an error?"},
 {'code': 'CX-6',
  'from_use_case': 'customer_experience',
  'position': 6,
  'condition': 'sr_et_engineering_in_posthog',
  'condition_text': 'Replay + Errors (engineering in PostHog)',
  'product': 'feature_flags',
  'feature': '',
  'target_use_case': 'release_engineering',
  'target_text': 'Release Engineering (Feature Flags)',
  'why': 'Engineering is in PostHog for debugging. Feature flags for safe releases is a natural add.',
  'conversation_starter': "You're tracking bugs after releases. What if you could gate features behind flags "
                          'and roll back without a deploy?'},
 {'code': 'CX-7',
  'from_use_case': 'customer_experience',
  'position': 7,
  'condition': 'group_analytics_and_person_profiles',
  'condition_text': 'Group Analytics + Person Profiles',
  'product': 'data_warehouse',
  'feature': '',
  'target_use_case': 'data_infrastructure',
  'target_text': 'Data Infrastructure (Data Warehouse)',
  'why': 'They want to combine PostHog user/account data with CRM or billing data for a complete customer '
         'view.',
  'conversation_starter': "You're looking at users in PostHog. What if you could see their Stripe revenue "
                          'and HubSpot status alongside their product behavior?'}]

PERSONAS = {'product_intelligence': [{'name': 'Product Manager',
                           'role_examples': 'PM, Senior PM, Head of Product',
                           'cares_about': 'Feature adoption, retention, user journeys, proving impact to '
                                          'leadership',
                           'evaluates': 'Can I see which features drive retention and prove ROI to my VP?'},
                          {'name': 'Product Engineer',
                           'role_examples': 'Full-stack eng on a product team',
                           'cares_about': 'Fast instrumentation, reliable data, not maintaining a data '
                                          'pipeline',
                           'evaluates': 'How fast can I instrument this and how reliable is the data?'},
                          {'name': 'UX Researcher',
                           'role_examples': 'UX Researcher, Design Lead',
                           'cares_about': 'User behavior patterns, qualitative + quantitative, session-level '
                                          'detail',
                           'evaluates': "Can I watch real user sessions filtered by the cohort I'm "
                                        'studying?'},
                          {'name': 'Designer',
                           'role_examples': 'Product Designer, UX Designer',
                           'cares_about': 'How users interact with new designs, A/B testing UI changes',
                           'evaluates': 'Can I see the before/after impact of my design changes?'},
                          {'name': 'Founder (early stage)',
                           'role_examples': 'Founder, CTO at seed/Series A',
                           'cares_about': 'All of the above. Finding product-market fit. Speed.',
                           'evaluates': 'Does this help me figure out what to build next?'}],
 'release_engineering': [{'name': 'Engineering Manager',
                          'role_examples': 'EM, VP Eng, Director of Eng',
                          'cares_about': 'Release velocity, incident rate, rollback time, team productivity',
                          'evaluates': 'Will this make my team ship faster with fewer incidents?'},
                         {'name': 'Platform Engineer',
                          'role_examples': 'Platform Eng, DevEx, Infrastructure',
                          'cares_about': 'Developer experience, flag management at scale, API reliability',
                          'evaluates': "How does this scale to thousands of flags? What's the API latency?"},
                         {'name': 'Individual Developer',
                          'role_examples': 'Senior Eng, Staff Eng, Product Engineer',
                          'cares_about': "Fast to implement, doesn't slow down CI/CD, good SDK quality",
                          'evaluates': 'How many lines of code to add a flag? Does the SDK suck?'},
                         {'name': 'Founding Engineer',
                          'role_examples': 'CTO, first engineers at early-stage startup',
                          'cares_about': "Speed, simplicity, not paying for LaunchDarkly's enterprise "
                                         'pricing',
                          'evaluates': 'How fast can I set this up and how much does it cost?'}],
 'observability': [{'name': 'SRE / Platform Engineer',
                    'role_examples': 'SRE, Platform Eng, Infrastructure Eng',
                    'cares_about': 'Reliability, alerting, mean time to resolution, not getting paged at 3am',
                    'evaluates': 'Will this catch issues before users report them? How fast can I triage?'},
                   {'name': 'Backend Engineer',
                    'role_examples': 'Backend Eng, API Engineer, Server-side Eng',
                    'cares_about': 'Stack traces, log correlation, reproducing bugs efficiently',
                    'evaluates': 'Can I see what happened on the server when this error fired?'},
                   {'name': 'Product Engineer',
                    'role_examples': 'Full-stack Eng, Frontend Eng',
                    'cares_about': 'User-facing bugs, reproduction, understanding the user impact of errors',
                    'evaluates': "Can I see the user's session when this error happened?"},
                   {'name': 'Engineering Manager',
                    'role_examples': 'EM, VP Eng, Director of Eng',
                    'cares_about': 'Team velocity, incident metrics (MTTR, error rates), cost of '
                                   'observability tooling',
                    'evaluates': 'How does this reduce our incident response time? What does it cost vs. '
                                 'Sentry/Datadog?'},
                   {'name': 'Founder (early stage)',
                    'role_examples': 'CTO, first engineer',
                    'cares_about': 'Catching bugs before users complain, not paying Datadog prices',
                    'evaluates': 'Does this work out of the box and is it affordable?'}],
 'growth_marketing': [{'name': 'Growth Engineer',
                       'role_examples': 'Growth Eng, PLG Engineer, GTM Engineer',
                       'cares_about': 'Conversion funnels, activation metrics, experiment velocity, pipeline '
                                      'reliability',
                       'evaluates': 'Can I build a full-funnel view from ad click to paid conversion in one '
                                    'tool?'},
                      {'name': 'Marketing Lead',
                       'role_examples': 'Head of Marketing, VP Demand Gen, Marketing Ops',
                       'cares_about': 'Channel attribution, ROAS, campaign performance, cost per acquisition',
                       'evaluates': 'Can I see which campaigns actually drive revenue, not just clicks?'},
                      {'name': 'CRO / Growth PM',
                       'role_examples': 'Growth PM, CRO Specialist, Head of Growth',
                       'cares_about': 'Conversion rate optimization, experiment velocity, activation rates. '
                                      'Needs engineering to implement experiments, making this persona the '
                                      'key multithreading catalyst.',
                       'evaluates': 'Can I run experiments on our signup flow and measure revenue impact? '
                                    'How fast can engineering implement a test?'},
                      {'name': 'Founding Growth',
                       'role_examples': 'Founder, first growth hire at early-stage startup',
                       'cares_about': 'All of the above. Wearing all hats. Speed, simplicity, not paying for '
                                      '5 tools',
                       'evaluates': 'How fast can I set this up and how many tools does it replace?'},
                      {'name': 'Marketing Analyst',
                       'role_examples': 'Marketing Analyst, Data Analyst (Marketing)',
                       'cares_about': 'Data accuracy, attribution modeling, cohort analysis, reporting',
                       'evaluates': 'Can I trust this data? Can I build reports without engineering help?'}],
 'ai_llm_observability': [{'name': 'AI Engineer',
                           'role_examples': 'ML Engineer, AI Engineer, Applied AI',
                           'cares_about': 'Model performance, cost optimization, latency, quality',
                           'evaluates': 'Can I see cost per query by model, trace individual calls, and '
                                        'detect quality regressions?'},
                          {'name': 'AI Product Manager',
                           'role_examples': 'AI PM, Product Lead (AI features)',
                           'cares_about': 'User experience of AI features, adoption rates, business impact',
                           'evaluates': 'Can I see how users interact with our AI features and whether they '
                                        'drive retention?'},
                          {'name': 'AI Founder',
                           'role_examples': 'Founder, CTO at AI-native startup',
                           'cares_about': 'All of the above. Cost control. Speed. Not paying for 5 tools.',
                           'evaluates': 'How fast can I set this up and how much does it replace?'},
                          {'name': 'AI Product Engineer',
                           'role_examples': 'Full-stack engineer building AI features',
                           'cares_about': 'Instrumentation, debugging, prompt iteration cycle time',
                           'evaluates': 'How easy is it to instrument? Can I see trace-level detail for '
                                        'debugging?'}],
 'data_infrastructure': [{'name': 'Data Engineer',
                          'role_examples': 'Data Eng, Analytics Eng, Data Platform',
                          'cares_about': 'Pipeline reliability, query performance, schema flexibility, not '
                                         'maintaining custom ETL',
                          'evaluates': "Is the sync reliable? Can I run complex joins? What's the query "
                                       'latency on large datasets?'},
                         {'name': 'Data Team Lead',
                          'role_examples': 'Head of Data, Director of Analytics, Data Lead',
                          'cares_about': 'Tool consolidation, cost, team productivity, data governance',
                          'evaluates': "Does this reduce our pipeline maintenance burden? What's the cost "
                                       'vs. Fivetran?'},
                         {'name': 'Product Ops / BizOps',
                          'role_examples': 'Product Ops, RevOps, BizOps',
                          'cares_about': 'Unified view of product and business data, self-serve dashboards',
                          'evaluates': 'Can I see product usage next to Stripe revenue and HubSpot pipeline '
                                       'without asking the data team?'},
                         {'name': 'Founder (early stage)',
                          'role_examples': 'CTO, technical founder, first data hire',
                          'cares_about': 'Not building a data warehouse yet. Wants unified analytics without '
                                         'a complex stack.',
                          'evaluates': 'Can I query my Stripe data alongside PostHog events without setting '
                                       'up Snowflake?'}],
 'customer_experience': [{'name': 'Support Leader',
                          'role_examples': 'Head of Support, Support Ops',
                          'cares_about': 'Faster resolution, fewer escalations',
                          'evaluates': 'MTTR, escalation rate'},
                         {'name': 'Engineering Lead',
                          'role_examples': 'EM, Staff Eng',
                          'cares_about': 'Reproducible bugs, fewer interruptions',
                          'evaluates': 'Debugging time, context switches'},
                         {'name': 'Product Manager',
                          'role_examples': 'PM, Product Lead',
                          'cares_about': 'Understanding friction, user-reported issues',
                          'evaluates': 'Drop-off rates, issue frequency'},
                         {'name': 'AI Lead',
                          'role_examples': 'Head of AI, Applied AI Eng',
                          'cares_about': 'Model reliability, output quality',
                          'evaluates': 'Output quality, latency, trace coverage'},
                         {'name': 'CS Leader',
                          'role_examples': 'VP CS, Head of CS',
                          'cares_about': 'Customer trust, proactive issue resolution',
                          'evaluates': 'NPS trends tied to product issues'}]}

USE_CASE_QUESTIONS = {'product_intelligence': ['How does your product team decide what to build next? What data informs that '
                          'decision?',
                          'When you see a drop-off in a funnel, how do you figure out why users are leaving?',
                          'How do you measure whether a new feature is successful after launch?',
                          'Do you collect direct user feedback inside the product? How is that connected to '
                          'your analytics?',
                          'When you have a hypothesis about user behavior, how do you validate it? Do you '
                          'run experiments?',
                          'How do you prove to leadership that a product investment drove business results '
                          '(revenue, retention)?',
                          'How many tools does your product team use to understand users? (Analytics, '
                          'replay, surveys, experiments — how many vendors?)',
                          'Can your PMs answer their own questions, or do they depend on data/engineering '
                          'for every query?'],
 'release_engineering': ['How do you currently roll out new features? All at once, or gradually?',
                         "When a deploy goes wrong, how long does it take to roll back? What's that process "
                         'look like?',
                         "After you ship a feature, how do you know it's working? What metrics do you check?",
                         'Do you run A/B tests on product changes? How is that connected to your release '
                         'process?',
                         'When a user reports a bug in a new feature, how do you reproduce it?',
                         'How many deploys per day/week does your team ship? What slows that down?',
                         'Are you using a feature flag tool today? What do you like and dislike about it?',
                         'How does your growth team run experiments? Does engineering implement those, or is '
                         'it separate?'],
 'observability': ['When something breaks in production, how long does it take your team to find out? From '
                   'users? From monitoring?',
                   'How do you currently track and prioritize errors? Do you have a tool for this, or is it '
                   'ad hoc?',
                   'When you see an error, how do you reproduce it? How long does reproduction typically '
                   'take?',
                   'Can you tell which users were affected by a specific error? Do you know the business '
                   'impact?',
                   'What does your current observability stack look like? (Sentry? Datadog? New Relic? How '
                   'many tools?)',
                   'How much are you spending on observability tooling today?',
                   'When an incident happens, how many tools does your team switch between to understand '
                   'what happened?',
                   'Do you have centralized logging? Where do your logs live today?'],
 'growth_marketing': ['How do you track which channels and campaigns drive signups today? Can you tie that '
                      'all the way through to revenue?',
                      'What does your current marketing/growth tool stack look like? (GA4? Segment? CDP? How '
                      'many vendors?)',
                      'When you run a paid campaign, how do you measure whether it actually worked? How long '
                      'does it take to get that answer?',
                      'Do you send conversion events back to your ad platforms? How is that pipeline built '
                      'and maintained?',
                      'How do you currently onboard new users? Is it automated or manual? What triggers the '
                      'onboarding flow?',
                      'When someone drops off your signup or checkout funnel, can you see why? Do you have '
                      'any automated re-engagement?',
                      'How does your growth team decide what to experiment on? How do you measure experiment '
                      'results?',
                      'Are you running A/B tests on your signup flow, pricing page, or onboarding today? '
                      'What tool are you using? Who implements the variants, the growth team or engineering?',
                      'When an experiment wins, how do you roll it out to 100% of users? Is that process '
                      'smooth or does it require a separate deploy?',
                      'Can your marketing team answer their own questions about performance, or do they '
                      'depend on engineering/data for every query?',
                      'How do you attribute revenue to specific campaigns, channels, or touchpoints?',
                      "What's your biggest frustration with your current analytics or attribution setup?"],
 'ai_llm_observability': ['What AI/LLM features are you building? How central are they to your product?',
                          'How do you track model performance today? Cost, latency, token usage — where does '
                          'that data live?',
                          'When you change a prompt or switch models, how do you know the output quality '
                          'held up?',
                          'Can you tell which users or organizations are driving the most AI cost?',
                          'How do you decide whether to use GPT-4o vs. Claude vs. a smaller model for a '
                          'given feature? Is that data-driven or gut feel?',
                          'When your AI feature produces a bad output, how do you find out? User complaint? '
                          'Manual testing?',
                          'Do you A/B test different prompts or models? How do you measure success — model '
                          'benchmarks or actual user behavior?',
                          'How do users interact with AI-generated output in your product? Do you track '
                          'acceptance rates, regeneration, or downstream actions?'],
 'data_infrastructure': ['Where does your product data live today? How do you combine it with business data '
                         '(revenue, CRM, etc.)?',
                         'Do you have a data warehouse (Snowflake, BigQuery, Redshift)? How does PostHog '
                         'data get there?',
                         'When someone asks "what\'s our retention by Stripe plan?" or "which HubSpot leads '
                         'are active in the product?", how long does it take to answer?',
                         'How many custom ETL pipelines are you maintaining? How much engineering time goes '
                         'into keeping them running?',
                         'What tools do you use for data pipelines today? (Fivetran? Airbyte? Custom '
                         'scripts?)',
                         'Do you push PostHog data to any downstream tools? (BI, CRM, ad platforms)',
                         'If you could query your Stripe/HubSpot/database data alongside PostHog events in '
                         'one place, what questions would you ask first?'],
 'customer_experience': ['How do you currently investigate a reported issue? Walk me through the workflow.',
                         'How long does it take to reproduce a bug reported by a customer?',
                         'How many tools do you open to debug one ticket?',
                         'Can support see backend errors or do they escalate everything to engineering?',
                         'Can you trace an AI output back to its prompt and context?',
                         'When someone leaves a low NPS score, can you see what went wrong in their session?',
                         'How do you confirm that a fix actually worked for the users who were affected?']}

# DQ-2: "When reviewing accounts, ask:" (Cross sell motions, Error Tracking page)
ERROR_TRACKING_REVIEW = ['Product feedback: "How have you been using session replays and is there anything you would like this '
 'product to do differently?" This can reveal gaps that Error Tracking might fill.',
 "Incomplete implementations: Are there any products a customer started to configure but didn't finish? "
 'Understanding why can highlight pain points Error Tracking could address.',
 'Product churn: Are there any products a customer used and then stopped? Understanding why can help '
 'identify if Error Tracking could solve the underlying issues.',
 'Decision-making timeline: Are they doing annual engineering roadmaps or quarterly goals? This helps you '
 'time cross-sell conversations appropriately.',
 "Competitive landscape: Use the SDK scanner to check if they're using a competitor for error tracking, "
 "which can help you position PostHog's integrated approach."]

# DQ-2: the chat cues that signal gaps Error Tracking can fill
CHAT_CUES = ["We keep seeing bugs in production but it's hard to know where they're coming from",
 "I'm not sure if we're catching all the errors our users encounter",
 "We use logs to try and track down issues, but it's pretty manual",
 "We get complaints from users, but it's hard to reproduce what happened",
 'We only find out about errors when customers report bugs',
 'Is there a way to get notified when critical errors happen in real time?',
 'We need to understand how errors are affecting our revenue or user growth',
 "It's difficult to connect the dots between bugs and their actual impact on users"]

# DQ-1: asked during the regularly scheduled check-ins (seed 001)
REFERRAL_QUESTIONS = ["who else would benefit from this?", "are there other teams with similar pain points?"]


def load(apps, schema_editor):
    Pathway = apps.get_model("crosssell", "CrossSellPathway")
    for row in PATHWAYS:
        Pathway.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    UseCase = apps.get_model("crosssell", "UseCase")
    for key, personas in PERSONAS.items():
        UseCase.objects.filter(key=key).update(personas=personas)
    Question = apps.get_model("crosssell", "DiscoveryQuestion")
    for key, texts in USE_CASE_QUESTIONS.items():
        source = SEED_003.format(section=SECTIONS[key] + ", Discovery questions")
        for order, text in enumerate(texts, start=1):
            Question.objects.get_or_create(
                scope="use_case", use_case=key, text=text, defaults={"order": order, "source": source}
            )
    for scope, texts, section in (
        ("error_tracking_review", ERROR_TRACKING_REVIEW, "Cross sell motions, Discovery questions"),
        ("chat_cue", CHAT_CUES, "Cross sell motions, Chat with users"),
    ):
        for order, text in enumerate(texts, start=1):
            Question.objects.get_or_create(
                scope=scope, product="error_tracking", text=text,
                defaults={"order": order, "source": SEED_003.format(section=section)},
            )
    start = Question.objects.filter(scope="general").count()
    for order, text in enumerate(REFERRAL_QUESTIONS, start=start + 1):
        Question.objects.get_or_create(scope="general", text=text, defaults={"order": order, "source": SEED_001})


def unload(apps, schema_editor):
    apps.get_model("crosssell", "CrossSellPathway").objects.all().delete()
    apps.get_model("crosssell", "UseCase").objects.update(personas=[])
    apps.get_model("crosssell", "DiscoveryQuestion").objects.filter(
        scope__in=("use_case", "error_tracking_review", "chat_cue")
    ).delete()
    apps.get_model("crosssell", "DiscoveryQuestion").objects.filter(
        scope="general", text__in=REFERRAL_QUESTIONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("crosssell", "0003_pathways_personas")]
    operations = [migrations.RunPython(load, unload)]
