"""Health topics in the words people use: each HRCS category gets a plain-English name
(the category itself moves to `hrcs_category`), and common conditions are added beneath
them so a person with diabetes finds "Diabetes".

Rows are changed in place (same ids), so the topics on profiles, opportunities and
researchers' requests stay as they were. A topic staff have already renamed is found by
its category's old name only; if it is not there, it is left alone.
"""

from django.db import migrations

# HRCS name as seeded (0004) -> (category code, plain-English name, hint)
CATEGORIES = [
    ("Blood", "blood", "Blood conditions", "For example, anaemia or sickle cell"),
    ("Cancer and neoplasms", "cancer", "Cancer", "Any kind of cancer or tumour"),
    ("Cardiovascular", "cardiovascular", "Heart and circulation", "Heart and blood vessels"),
    ("Congenital", "congenital", "Conditions present from birth", "Including genetic conditions"),
    ("Ear", "ear", "Ears and hearing", ""),
    ("Eye", "eye", "Eyes and sight", ""),
    ("Infection", "infection", "Infections", "Including HIV, hepatitis and COVID-19"),
    (
        "Inflammatory and immune system",
        "inflammatory",
        "Immune system and allergies",
        "Including rheumatoid arthritis and lupus",
    ),
    ("Injuries and accidents", "injuries", "Injuries and accidents", ""),
    ("Mental health", "mental_health", "Mental health", ""),
    ("Metabolic and endocrine", "metabolic", "Diabetes, thyroid and hormones", ""),
    ("Musculoskeletal", "musculoskeletal", "Bones, joints and muscles", ""),
    ("Neurological", "neurological", "Brain and nerves (including dementia)", ""),
    ("Oral and gastrointestinal", "oral_gastro", "Mouth, stomach, bowel and liver", ""),
    ("Renal and urogenital", "renal", "Kidneys and bladder", ""),
    (
        "Reproductive health and childbirth",
        "reproductive",
        "Pregnancy, childbirth and fertility",
        "Including menopause",
    ),
    ("Respiratory", "respiratory", "Lungs and breathing", ""),
    ("Skin", "skin", "Skin", ""),
    ("Stroke", "stroke", "Stroke", "Including mini-stroke (TIA)"),
    ("Generic health relevance", "generic", "General health and wellbeing", ""),
    ("Disputed aetiology and other", "other", "Other or not sure", ""),
]

# category code -> [(condition, hint)]; the hint is searched too.
CONDITIONS = {
    "cancer": [
        ("Breast cancer", ""),
        ("Prostate cancer", ""),
        ("Lung cancer", ""),
        ("Bowel cancer", "Also called colorectal cancer"),
        ("Blood cancer", "Including leukaemia, lymphoma and myeloma"),
    ],
    "cardiovascular": [
        ("Heart disease", "Including angina and heart attack"),
        ("Heart failure", ""),
        ("High blood pressure", "Also called hypertension"),
    ],
    "metabolic": [
        ("Diabetes", "Type 1, type 2 or gestational diabetes"),
        ("Thyroid conditions", "An underactive or overactive thyroid"),
    ],
    "neurological": [
        ("Dementia", "Including Alzheimer's disease"),
        ("Multiple sclerosis", "Also called MS"),
        ("Parkinson's", "Parkinson's disease"),
        ("Epilepsy", ""),
    ],
    "mental_health": [
        ("Depression", ""),
        ("Anxiety", "Including panic attacks and OCD"),
        ("Bipolar disorder", ""),
        ("Psychosis or schizophrenia", ""),
        ("Eating disorders", "Including anorexia and bulimia"),
        ("Autism", "Also called autism spectrum disorder"),
        ("ADHD", "Attention deficit hyperactivity disorder"),
    ],
    "respiratory": [
        ("Asthma", ""),
        ("COPD", "Chronic obstructive pulmonary disease, emphysema or chronic bronchitis"),
    ],
    "musculoskeletal": [
        ("Osteoarthritis", "Arthritis from wear of the joints"),
        ("Back pain", ""),
        ("Osteoporosis", "Thin or weak bones"),
    ],
    "inflammatory": [
        ("Rheumatoid arthritis", "Arthritis caused by the immune system"),
        ("Allergies", ""),
    ],
    "oral_gastro": [
        ("Crohn's disease or colitis", "Inflammatory bowel disease (IBD)"),
        ("Irritable bowel syndrome", "Also called IBS"),
        ("Liver disease", ""),
    ],
    "renal": [
        ("Kidney disease", "Including dialysis and kidney transplants"),
        ("Incontinence", "Bladder or bowel"),
    ],
    "reproductive": [
        ("Endometriosis", ""),
        ("Fertility problems", ""),
    ],
    "infection": [
        ("Long COVID", "Symptoms that carry on after COVID-19"),
        ("HIV", ""),
    ],
    "ear": [("Hearing loss", "Including deafness")],
    "eye": [("Sight loss", "Including blindness and macular degeneration")],
    "skin": [("Eczema", ""), ("Psoriasis", "")],
    "blood": [("Sickle cell disease", ""), ("Anaemia", "")],
    "congenital": [("Down's syndrome", "")],
    "injuries": [("Brain injury", "Including head injury")],
    "other": [
        ("ME or chronic fatigue syndrome", "Myalgic encephalomyelitis (ME/CFS)"),
        ("Fibromyalgia", ""),
    ],
}


def plain_english(apps, schema_editor):
    Topic = apps.get_model("members", "Topic")
    by_code = {}
    for old_name, code, name, hint in CATEGORIES:
        topic = Topic.objects.filter(name=old_name, parent=None).first()
        if topic is None:
            topic = Topic.objects.filter(hrcs_category=code, parent=None).first()
        if topic is None:
            continue
        topic.hrcs_category = code
        if not Topic.objects.filter(name=name).exclude(pk=topic.pk).exists():
            topic.name = name
        if hint and not topic.description:
            topic.description = hint
        topic.save(update_fields=["hrcs_category", "name", "description"])
        by_code[code] = topic
    for code, conditions in CONDITIONS.items():
        parent = by_code.get(code)
        if parent is None:
            continue
        for order, (name, hint) in enumerate(conditions):
            # A condition staff added already keeps its place.
            Topic.objects.get_or_create(
                name=name, defaults={"parent": parent, "description": hint, "sort_order": order}
            )


def hrcs_names(apps, schema_editor):
    """Back to the category names (the conditions stay: people may have chosen them)."""
    Topic = apps.get_model("members", "Topic")
    for old_name, code, _name, _hint in CATEGORIES:
        topic = Topic.objects.filter(hrcs_category=code, parent=None).first()
        if topic is not None and not Topic.objects.filter(name=old_name).exists():
            topic.name = old_name
            topic.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("members", "0023_topic_hrcs_category")]

    operations = [migrations.RunPython(plain_english, hrcs_names)]
