"""The shared vocabulary: the case facts, the action ids and the modalities (contract sections 4, 5 and 7).

Declared once here; the condition type checker, the case validator, the JSON schema and the docs all read it.
Facts added beyond the contract's table are marked `added=True` and documented in docs/vocabulary.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, Mapping

Kind = Literal["bool", "int", "enum", "enum_list", "area", "datetime"]


@dataclass(frozen=True)
class Fact:
    """One fact of the case document: its dotted path, kind, allowed values or bounds, and meaning."""

    path: str
    kind: Kind
    meaning: str
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    added: bool = False

    @property
    def is_list(self) -> bool:
        return self.kind == "enum_list"


RELATIONSHIPS = (
    "spouse", "former_spouse", "civil_partner", "former_civil_partner", "engaged",
    "civil_partnership_agreement", "intimate_partner", "former_intimate_partner", "shared_parent",
    "relative", "household_member", "visitor", "neighbour", "none",
)  # fmt: skip
BEHAVIOURS = (
    "physical", "sexual", "violent_or_threatening", "controlling_or_coercive", "economic",
    "psychological_or_emotional", "honour_based", "forced_marriage", "fgm", "image_based",
)  # fmt: skip
TENURES = (
    "secure", "assured", "flexible", "fixed_term", "starter", "introductory", "assured_shorthold",
    "licence", "none",
)  # fmt: skip

_FACTS = (
    Fact("reported_at", "datetime", "when the landlord received the report or referral (ISO 8601; no offset means Europe/London)"),
    Fact("report_source", "enum", "who told the landlord", ("survivor", "third_party", "agency_referral", "staff_observation")),
    Fact("area", "area", "local-authority area of the home, lower case (cambridgeshire, peterborough, sefton, wolverhampton, …)"),
    Fact("relationship", "enum", "how the alleged perpetrator (A) is connected to the survivor (B)", RELATIONSHIPS),
    Fact("behaviours", "enum_list", "kinds of behaviour reported (a given list is complete)", BEHAVIOURS),
    Fact("survivor.age", "int", "survivor's age in completed years", minimum=0, maximum=130),
    Fact("survivor.is_customer", "bool", "tenant or leaseholder of this landlord"),
    Fact("survivor.is_leaseholder", "bool", "leaseholder of this landlord"),
    Fact("survivor.tenure", "enum", "current tenancy", TENURES),
    Fact("survivor.wishes", "enum", "what the survivor wants", ("stay", "move", "undecided")),
    Fact("survivor.consents_to_share", "bool", "consents to information being shared with, or referrals made to, other agencies"),
    Fact("survivor.consents_to_specialist_contact", "bool", "agrees to be passed to the landlord's specialist officer"),
    Fact("survivor.has_care_and_support_needs", "bool", "adult with care and support needs (physical or mental health, disability)"),
    Fact("survivor.needs_interpreter", "bool", "spoken-language or BSL interpreter needed"),
    Fact("survivor.requests_female_staff", "bool", "asks to deal with female staff only"),
    Fact("survivor.financial_need", "bool", "is in financial need"),
    Fact("survivor.tenancy_breaches", "enum_list", "tenancy breaches on the survivor's account", ("rent_arrears", "other")),
    Fact("survivor.left_home_due_to_abuse", "bool", "has had to leave or flee the home"),
    Fact("survivor.homeless_due_to_abuse", "bool", "is homeless because of the abuse"),
    Fact("survivor.capacity_in_doubt", "bool", "mental capacity to decide is suspected to be lacking"),
    Fact("survivor.reported_to_police", "bool", "has reported the abuse to the police"),
    Fact("survivor.joint_tenant_with_perpetrator", "bool", "holds a joint tenancy with the perpetrator"),
    Fact("perpetrator.age", "int", "perpetrator's age in completed years", minimum=0, maximum=130),
    Fact("perpetrator.is_customer", "bool", "tenant of this landlord"),
    Fact("perpetrator.is_employee", "bool", "works for or on behalf of the landlord"),
    Fact("perpetrator.accused_of_offence", "bool", "accused or convicted of a criminal offence"),
    Fact("perpetrator.lives_with_survivor", "bool", "lives in the same home as the survivor (whatever the relationship)"),
    Fact("perpetrator.remains_in_home", "bool", "still in the home the survivor left"),
    Fact("perpetrator.seeks_to_change", "bool", "recognises the behaviour and wants help to change"),
    Fact("children.present", "bool", "children live in the household"),
    Fact("children.affected", "bool", "a child sees, hears or experiences the effects of the abuse"),
    Fact("children.at_risk", "bool", "a child is at risk"),
    Fact("children.protection_plan", "bool", "a child of the household is on a child in need or child protection plan"),
    Fact(
        "children.related_to_a_or_b", "bool",
        "an affected child is related to the perpetrator or the survivor: a parent of, or with parental "
        "responsibility for, the child, or a relative (Domestic Abuse Act 2021 s.3(2)(b) and (3))",
        added=True,
    ),
    Fact("risk.dash_score", "int", "number of 'yes' answers on the DASH risk checklist", minimum=0, maximum=24),
    Fact("risk.professional_judgement_high", "bool", "a professional judges the risk high whatever the score"),
    Fact("risk.immediate_danger", "bool", "someone is in immediate danger or at risk of immediate harm"),
    Fact("risk.emergency_intervention_required", "bool", "emergency intervention is needed now"),
    Fact("risk.serious_harm", "bool", "high risk of serious harm to anyone involved"),
    Fact("risk.home_security_compromised", "bool", "the security of the home is compromised"),
    Fact("risk.safe_to_remain", "bool", "the survivor can stay safely in the home"),
    Fact("safeguarding_concern", "bool", "a safeguarding issue besides the domestic abuse"),
    Fact("legal_duty_to_disclose", "bool", "the landlord is required by law to pass the information to a statutory agency"),
    Fact("statutory_agency_support", "enum_list", "agencies supporting the survivor's case", ("police", "social_services", "marac")),
    Fact("evidence_sufficient", "bool", "enough evidence for action against the perpetrator"),
    Fact("property_damage_by_perpetrator", "bool", "the perpetrator has damaged the home"),
    Fact("court_orders", "enum_list", "orders in force that protect the survivor", ("occupation_order", "property_transfer_order", "non_molestation_order")),
    Fact("nomination_near_abused_resident", "bool", "a local-authority nomination would house a known perpetrator close to a resident they have abused"),
    Fact("noise_complaint_against_survivor", "bool", "a noise complaint has been made against the survivor"),
)  # fmt: skip

#: Every fact by dotted path, in the contract's order.
FACTS: Mapping[str, Fact] = MappingProxyType({fact.path: fact for fact in _FACTS})

#: The groups of nested facts (`survivor`, `perpetrator`, `children`, `risk`) and their members.
GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        group: tuple(path.split(".", 1)[1] for path in FACTS if path.startswith(group + "."))
        for group in dict.fromkeys(path.split(".", 1)[0] for path in FACTS if "." in path)
    }
)

_ACTIONS = {
    "record_report": "record the report confidentially on the case system",
    "contact_survivor": "make (discreet, safe) contact with the survivor",
    "open_case": "open a domestic-abuse case",
    "risk_assessment": "complete a risk assessment (DASH) with the survivor",
    "action_plan": "agree an action or safety plan",
    "advice_and_assistance": "give advice and assistance",
    "arrange_interpreter": "language or BSL interpreter",
    "female_staff": "female-only staff on request",
    "record_response_time": "record time taken to respond, for performance reporting",
    "marac_referral": "refer to the Multi-Agency Risk Assessment Conference",
    "specialist_support_referral": "IDVA, outreach, Women's Aid or another specialist service",
    "safeguarding_children_referral": "child protection / safeguarding children procedure",
    "safeguarding_adults_referral": "safeguarding adults procedure",
    "emergency_services": "inform the emergency services",
    "homelessness_referral": "local-authority homelessness / housing options, emergency rehousing",
    "financial_support_referral": "money advice, benefits, food, utilities",
    "fire_service_referral": "local fire authority",
    "professionals_meeting": "multi-agency professionals' meeting below the MARAC threshold",
    "capacity_assessment": "professional assessment of mental capacity",
    "signpost_legal_support": "Clare's Law / DVDS, injunctions, legal advice",
    "support_police_report": "support the survivor to report to the police (incl. criminal damage)",
    "share_without_consent": "share information with agencies without the survivor's consent",
    "target_hardening": "security measures at the home (sanctuary scheme, alarms, locks)",
    "injunction_application": "landlord applies for an injunction",
    "possession_proceedings": "possession or eviction action against a perpetrator who remains",
    "enforcement_against_perpetrator": "tenancy enforcement or legal action against the perpetrator",
    "tenancy_enforcement_for_noise": "noise enforcement against the survivor (a prohibition where abuse may be the cause)",
    "emergency_transfer": "management move, direct let or emergency transfer",
    "rehousing_same_tenure": "on rehousing, a tenancy with the same (or secure) security of tenure",
    "priority_banding_evidence": "help evidence a rehousing application for priority banding",
    "override_tenancy_breach": "set aside rent arrears or other breaches that would block a move or banding",
    "perpetrator_programme_referral": "refer a perpetrator who wants to change to a programme",
    "comply_with_court_order": "carry out occupation or property transfer orders",
    "refuse_nomination": "refuse a nomination that places a perpetrator near someone they abused",
    "employee_investigation": "disciplinary investigation of an employee perpetrator",
    "lado_advice": "seek the Local Authority Designated Officer's advice",
    "temporary_accommodation": "refuge or temporary accommodation",
    "reciprocal_move": "a move through a reciprocal arrangement between landlords",
    "joint_tenancy_change": "change a joint tenancy (may need a court order)",
    "accommodate_perpetrator_elsewhere": "house the perpetrator away from the family home",
    "perpetrator_housing_support": "help with a perpetrator's own housing (homelessness, applications, rehoming)",
    "marac_participation": "take part in MARAC meetings and their actions",
    "seek_repair_compensation": "seek compensation from the perpetrator for the cost of repairs",
    "independent_living_referral": "refer to the landlord's independent living or supported housing service",
}

#: Action ids added by this project where no contract id fits (documented in docs/vocabulary.md).
_ADDED_ACTIONS = {
    "support_to_remain_at_home": "help the survivor stay safely in their own home",
    "move_risk_assessment": "assess how the risk will be mitigated if a move is arranged",
    "enforcement_safety_assessment": "before acting against the perpetrator, assess that it will not compromise the survivor's safety",
    "children_support_access": "make sure children affected by the abuse have access to support services",
}

ACTIONS: Mapping[str, str] = MappingProxyType({**_ACTIONS, **_ADDED_ACTIONS})
ADDED_ACTIONS: frozenset[str] = frozenset(_ADDED_ACTIONS)

Modality = Literal["must", "should", "may", "must_not"]
MODALITIES: tuple[str, ...] = ("must", "should", "may", "must_not")
#: Strength for merging several rules that give one action: must > should > may.
STRENGTH: Mapping[str, int] = MappingProxyType({"may": 1, "should": 2, "must": 3})
