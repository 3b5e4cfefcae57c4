"""Words for the demo's activity: contact titles by role family, note topics and bodies (pure data).

Titles use crosssell.md D-1's keywords, so each lands in the family it is listed under.
Bodies are short markdown with `{contact}`, `{product}`, `{next_product}`, `{competitor}`,
`{company}` and `{days}` filled per note.
"""

# family → [(title, department)]; department blank = the team is the contact's family (D-1).
FAMILY_TITLES: dict[str, list[tuple[str, str]]] = {
    "engineering": [
        ("Senior Software Engineer", "Engineering"), ("Staff Engineer", "Engineering"),
        ("Platform Engineer", "Platform"), ("SRE", "Infrastructure"), ("DevOps Lead", "Infrastructure"),
        ("Frontend Developer", ""), ("Engineering Manager", "Engineering"), ("CTO", "Engineering"),
    ],
    "product": [
        ("Product Manager", "Product"), ("Senior Product Designer", "Design"), ("UX Researcher", ""),
        ("Product Owner", "Product"),
    ],
    "marketing_growth": [
        ("Growth Engineer", "Growth"), ("Marketing Lead", "Marketing"), ("Demand Gen Manager", ""),
        ("GTM Engineer", "Growth"),
    ],
    "data": [
        ("Data Engineer", "Data"), ("Analytics Engineer", "Data"), ("Head of Data", "Data"),
        ("BI Analyst", ""),
    ],
    "support_cs": [
        ("Support Lead", "Support"), ("Customer Success Lead", "Customer Success"),
        ("Customer Service Manager", ""),
    ],
    "leadership": [
        ("Founder & CEO", ""), ("VP Engineering", "Engineering"), ("Chief Operating Officer", ""),
        ("Director of Engineering", "Engineering"), ("Head of Operations", ""),
    ],
    "ai_ml": [("ML Engineer", "AI"), ("AI Engineer", "AI"), ("Applied AI Lead", "")],
    "sales": [("Account Executive", "Sales"), ("Sales Ops Manager", "")],
    "other": [("Finance Manager", "Finance"), ("Procurement Specialist", "Finance")],
}
# Whose job each use case does (crosssell.md UC-1 core buyer): the champion's family.
BUYER_FAMILY = {
    "product_intelligence": "product",
    "release_engineering": "engineering",
    "observability": "engineering",
    "growth_marketing": "marketing_growth",
    "ai_llm_observability": "ai_ml",
    "data_infrastructure": "data",
    "customer_experience": "support_cs",
}
FIRST = [
    "Alex", "Sam", "Priya", "Chen", "Maria", "Jonas", "Aisha", "Tom", "Lena", "Diego", "Yuki", "Omar",
    "Nina", "Felix", "Grace", "Ivan", "Sofia", "Ravi", "Hannah", "Mateo", "Chloe", "Ben", "Zara", "Lukas",
]
LAST = [
    "Garcia", "Schmidt", "Patel", "Kim", "Johansson", "Rossi", "Nguyen", "Mueller", "Brown", "Kaur",
    "Oliveira", "Martin", "Singh", "Lopez", "Weber", "Cohen", "Park", "Murphy", "Sato", "Novak",
]
PRIORITIES = [
    "Cut time-to-insight for the product team", "Consolidate analytics tools before renewal",
    "Ship the new onboarding flow behind flags", "Get exception alerts in front of on-call",
    "Prove the AI assistant pays for itself", "One source of truth for product + revenue data",
]
MOTIVATIONS = [
    "Wants fewer vendors", "Measured on activation rate", "Owns the data stack budget",
    "Promotion case rests on the launch", "Hates surprise invoices",
]
STYLES = ["Short Slack threads", "Prefers a written agenda", "Async, Looms welcome", "Likes live demos"]
CADENCES = ["Weekly", "Fortnightly", "Monthly", "Quarterly"]
EVENTS = ["", "", "SaaStr", "Web Summit", "KubeCon", "AI Engineer Summit"]
COMPETITORS = ["Amplitude", "Mixpanel", "Heap", "LaunchDarkly", "Sentry", "FullStory", "Datadog", "Statsig"]

# Which directions each kind of note takes (accounts.md §1.9).
KIND_DIRECTIONS = {
    "note": ("internal",),
    "call": ("outbound", "inbound"),
    "meeting": ("outbound",),
    "qbr": ("outbound",),
    "business_value_call": ("outbound",),
    "in_person_visit": ("outbound",),
    "email": ("outbound", "inbound"),
    "slack": ("inbound", "outbound"),
    "in_app_survey": ("inbound",),
    "linkedin": ("outbound", "inbound"),
    "loom": ("outbound",),
}

# topic → (kinds, direction, tags, bodies)
TOPICS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]] = {
    "checkin": (("call", "meeting", "email", "slack"), "outbound", (), (
        "Check-in with {contact}.\n\n- {product} is part of their weekly review\n- Next: {next_product}",
        "Sent {contact} a recap of last month's usage and two ideas for {product}.",
        "**Caught up with {contact}**: happy overall, asked for a hand with cohort definitions.",
    )),
    "reply": (("email", "slack", "call"), "inbound", (), (
        "{contact} asked how to share a {product} dashboard with their exec team.",
        "{contact}: \"Quick one - can we get SSO on the second project?\"",
        "{contact} replied to the recap: will bring the team to a working session next week.",
    )),
    "qbr": (("qbr", "business_value_call", "in_person_visit"), "outbound", (), (
        "## QBR with {contact}\n\n- Wins: {product} answered the pricing-page question\n"
        "- Goals next quarter: activation +10%\n- Agreed to trial {next_product}",
        "Business value review: {company} estimates two analyst days a week saved with {product}.",
        "Visited the {company} office. Walked their leads through {next_product}.",
    )),
    "nudge": (("loom", "linkedin", "email"), "outbound", (), (
        "Sent {contact} a 2-minute Loom on setting up {next_product} in their project.",
        "Congratulated {contact} on the launch; offered a session on {next_product}.",
    )),
    "survey": (("in_app_survey",), "inbound", (), (
        "In-app survey: NPS 9 from {contact} - \"{product} just works\".",
        "In-app survey: NPS 6 from {contact}, wants faster query times.",
    )),
    "summary": (("note",), "internal", (), (
        "Account summary: {company} runs {product} across web and mobile; champion is {contact}.",
        "Internal: {contact} is our way in - loop them in before anything commercial.",
    )),
    "optimization": (("call", "email", "loom"), "outbound", ("optimization",), (
        "Walked {contact} through sampling and billing limits on {product}; should save ~15% a month.",
        "Suggested a reverse proxy and fewer identify calls - {contact} will take it to the team.",
    )),
    "feature_request": (("slack", "email", "call"), "inbound", ("feature_request",), (
        "{contact} asked for scheduled exports from {product}; logged as a feature request.",
        "Feature request from {contact}: per-project retention settings.",
    )),
    "pricing": (("email", "call", "slack"), "inbound", ("pricing",), (
        "{contact} asked what volume discounts look like if they move to annual.",
        "{contact} wants a quote for adding {next_product} before budget season.",
    )),
    "billing": (("email", "slack"), "inbound", ("billing",), (
        "{contact}: last invoice was higher than expected - walked through the {product} line.",
        "{contact} asked to change the billing email and get a copy of last month's invoice.",
    )),
    "renewal": (("call", "meeting", "email"), "outbound", ("renewal",), (
        "Renewal in {days} days: {contact} wants to compare annual credits against monthly.",
        "Sent {contact} the renewal proposal with usage for the last 12 months.",
    )),
    "handover": (("note",), "internal", ("handover",), (
        "Handover: taking {company} over from self-serve. Champion {contact}, key product {product}.",
    )),
    "alternatives": (("call", "email", "slack"), "inbound", ("alternatives_mentioned",), (
        "{contact} mentioned they are evaluating {competitor} for {product}.",
        "{contact}: leadership asked them to benchmark {competitor} before renewing.",
    )),
    "data_export": (("email", "slack"), "inbound", ("data_export_request",), (
        "{contact} asked for a full export of all events to S3.",
        "{contact} wants every person and event exported - asked why; no clear answer.",
    )),
    "churn": (("note",), "internal", ("churn",), (
        "Churned: {company} moved {product} to {competitor}. Retro to follow.",
        "Churned: {company} is winding down the product line that used {product}.",
    )),
    "farewell": (("email",), "inbound", (), (
        "{contact}: \"I'm moving on from {company} at the end of the month - thanks for all the help.\"",
    )),
    "introduction": (("email", "call"), "inbound", (), (
        "Intro call with {contact}, who now owns PostHog at {company}.",
    )),
}
GENERAL_TOPICS = {
    "checkin": 26, "reply": 18, "qbr": 5, "nudge": 8, "survey": 3, "summary": 8,
    "optimization": 9, "feature_request": 9, "pricing": 4, "billing": 4,
}
RECOMMENDATIONS = (  # for a product the customer does not use yet
    "Turn on {product} for the checkout flow and review the first week together.",
    "Pilot {product} with one team; success criteria agreed on the call.",
    "Set up a {product} dashboard for the weekly product review.",
)
OPTIMIZATIONS = {  # for products already in use
    "product_analytics": "Add a reverse proxy so ad blockers stop dropping events.",
    "session_replay": "Set replay sampling and billing limits before the next launch.",
    "feature_flags": "Use local evaluation for feature flags to cut request volume.",
    "error_tracking": "Route exception alerts to the on-call channel.",
}
TICKET_TOPICS = ("bug", "question", "how-to", "performance", "billing", "sdk")
INCIDENT_TITLES = {
    "product_analytics": "Delayed event ingestion",
    "session_replay": "Session replay playback errors",
    "feature_flags": "Feature flag API latency",
    "error_tracking": "Exceptions missing from issues list",
    "data_warehouse": "Warehouse syncs failing",
    "llm_observability": "LLM traces delayed",
}
SEASONAL_REASONS = (
    "Their customers are schools: traffic drops over the holidays.",
    "Retail client: post-holiday lull every year.",
    "Travel bookings dip after the winter peak.",
)
