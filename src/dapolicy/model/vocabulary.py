"""The shared vocabulary: the case facts, the action ids and the modalities (contract sections 4, 5 and 7).

Declared once here; the condition type checker, the case validator, the JSON schema and the docs all read it.
Facts and action ids added beyond the contract carry the reason they were added; docs/generate.py writes
docs/vocabulary.md and docs/schemas/case.schema.json from this module.
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
    added: str = ""  # for a fact the project added: which clause needs it and why the contract's facts cannot say it

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
    Fact("reported_at", "datetime", "when the landlord received the report or referral (ISO 8601; no offset means Europe/London; London dates 2000 to 2099)"),
    Fact("report_source", "enum", "who told the landlord", ("survivor", "third_party", "agency_referral", "staff_observation")),
    Fact("area", "area", "local-authority area of the home, lower case, no spaces (cambridgeshire, peterborough, sefton, wolverhampton, …); an area the ruleset does not name is a warning in the decision"),
    Fact("relationship", "enum", "how the alleged perpetrator (A) is connected to the survivor (B)", RELATIONSHIPS),
    Fact("behaviours", "enum_list", "kinds of behaviour reported (a given list is complete)", BEHAVIOURS),
    Fact("survivor.age", "int", "survivor's age in completed years", minimum=0, maximum=130),
    Fact("survivor.is_customer", "bool", "tenant or leaseholder of this landlord"),
    Fact("survivor.is_leaseholder", "bool", "leaseholder of this landlord"),
    Fact("survivor.tenure", "enum", "current tenancy", TENURES),
    Fact(
        "survivor.former_tenure", "enum",
        "the most secure tenancy, other than the one recorded in `survivor.tenure`, that the survivor holds or held "
        "before, alone or jointly (such as the tenancy of a home they fled); `none` if there is no other",
        TENURES,
        added="Housing Act 1985 s.81ZA(2)(a) (Domestic Abuse Act 2021 s.79): a person who 'is or was a tenant' "
        "under a qualifying tenancy; `survivor.tenure` records only the current tenancy",
    ),
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
        added="Domestic Abuse Act 2021 s.3(2)(b): a child is a victim only if related to A or B; no contract fact says so",
    ),
    Fact("risk.dash_score", "int", "number of 'yes' answers on the DASH risk checklist", minimum=0, maximum=24),
    Fact("risk.professional_judgement_high", "bool", "a professional judges the risk high whatever the score"),
    Fact("risk.immediate_danger", "bool", "someone is in immediate danger or at risk of immediate harm"),
    Fact("risk.emergency_intervention_required", "bool", "emergency intervention is needed now"),
    Fact("risk.serious_harm", "bool", "high risk of serious harm to anyone involved"),
    Fact("risk.home_security_compromised", "bool", "the security of the home is compromised"),
    Fact("risk.safe_to_remain", "bool", "the survivor can stay safely in the home"),
    Fact(
        "risk.enforcement_compromises_safety", "bool",
        "the landlord's assessment finds that acting against the perpetrator would compromise the safety of the "
        "survivor or their family",
        added="HPG 3.5 'before doing so we will assess to ensure that acting will not compromise the safety of the "
        "victim' (and OVH, Wolverhampton 5.0 alike) makes enforcement wait on that assessment; no contract fact "
        "records its result",
    ),
    Fact("safeguarding_concern", "bool", "a safeguarding issue besides the domestic abuse"),
    Fact("legal_duty_to_disclose", "bool", "the landlord is required by law to pass the information to a statutory agency"),
    Fact("statutory_agency_support", "enum_list", "agencies supporting the survivor's case", ("police", "social_services", "marac")),
    Fact("evidence_sufficient", "bool", "enough evidence for action against the perpetrator"),
    Fact("property_damage_by_perpetrator", "bool", "the perpetrator has damaged the home"),
    Fact("court_orders", "enum_list", "orders in force that protect the survivor", ("occupation_order", "property_transfer_order", "non_molestation_order")),
    Fact("nomination_near_abused_resident", "bool", "a local-authority nomination would house a known perpetrator close to a resident they have abused"),
    Fact("noise_complaint_against_survivor", "bool", "a noise complaint has been made against the survivor"),
    Fact(
        "other_agency_response_inadequate", "bool",
        "staff feel that another agency's actions, inaction or decisions do not adequately safeguard a child or an adult with care and support needs",
        added="Wolverhampton 7.0 (WST Safeguarding Escalation Policy) applies only in this situation; no contract fact records a concern about another agency's response",
    ),
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

#: The top-level keys of a case document (`reported_at`, `survivor`, …), in the contract's order.
CASE_KEYS: tuple[str, ...] = tuple(dict.fromkeys(path.split(".", 1)[0] for path in FACTS))

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

@dataclass(frozen=True)
class AddedAction:
    """An action id the project added: what it is, and which clause needs it and why no contract id fits."""

    description: str
    why: str


#: Action ids added by this project where no contract id fits (documented in docs/vocabulary.md).
_ADDED_ACTIONS = {
    "accept_account_at_face_value": AddedAction(
        "take the information a potential survivor gives on trust and at face value",
        "OVH 2.9: 'taking information provided by potential survivors on trust and at face value' is a commitment for each case; no contract id is about believing the survivor's account",
    ),
    "children_support_access": AddedAction(
        "make sure children affected by the abuse have access to support services",
        "HPG 3.13 \"children and young people ... have access to services as early as possible\" is not a safeguarding referral",
    ),
    "consider_survivor_wishes": AddedAction(
        "take the survivor's and their family's wishes into account in any action against the perpetrator",
        "Amplius Policy details: 'In holding perpetrators to account, we will always ensure we take into consideration the wishes of the survivor and their family of any action taken' is a duty of its own before acting; enforcement_safety_assessment is about the survivor's safety, not their wishes",
    ),
    "discuss_service_satisfaction": AddedAction(
        "discuss satisfaction with the service with the survivor",
        "OVH 5.1: 'will manage cases individually and discuss service satisfaction with customers where appropriate'; record_response_time is the separate 5.2 measure and no id is customer feedback",
    ),
    "employee_disciplinary_action": AddedAction(
        "disciplinary action against an employee who perpetrates or abets domestic abuse (up to dismissal for gross misconduct)",
        "Wolverhampton 5.0: 'take appropriate action against any tenant or employee who perpetrates domestic abuse' and 'will take appropriate action, via its discipline/grievance resolution procedures against any employee who victimizes...'; enforcement_against_perpetrator is tenancy enforcement or legal action, employee_investigation only the investigation",
    ),
    "employee_risk_assessment": AddedAction(
        "assess, and manage with specialist services, the risk posed by an employee accused or convicted of a criminal offence",
        "Wolverhampton 5.0: 'Wolverhampton Homes will undertake an investigation under the disciplinary procedure and a risk assessment will be undertaken' and 'work alongside specialist services to manage the risk to all parties'; risk_assessment is the DASH with the survivor, move_risk_assessment is about a move",
    ),
    "encourage_consent_to_share": AddedAction(
        "encourage the survivor to agree to information being shared with other agencies",
        "Amplius Confidentiality: 'Survivors will be encouraged to allow us to share information with other agencies'; share_without_consent is the opposite (sharing without it) and no id is seeking consent",
    ),
    "enforcement_safety_assessment": AddedAction(
        "before acting against the perpetrator, assess that it will not compromise the survivor's safety",
        "HPG 3.5 \"before doing so we will assess to ensure that acting will not compromise the safety of the victim\" is a duty of its own, before enforcement_against_perpetrator",
    ),
    "establish_special_requirements": AddedAction(
        "find out whether the survivor has special requirements to be considered (e.g. a language or BSL interpreter)",
        "Wolverhampton 5.0: 'We will establish if there are any special requirements that should be considered for example the need for a language interpreter or BSL interpreter'; arrange_interpreter is providing one once the need is known, not finding out whether there is a need",
    ),
    "flexible_policy_application": AddedAction(
        "show flexibility in applying normal policy and practice to help the survivor achieve a lasting outcome",
        "OVH 3.5.1: 'look to show flexibility to normal Policy and practice responses to help achieve lasting outcomes'; override_tenancy_breach is only one thing it 'may include' (3.5.2)",
    ),
    "immediate_danger_response": AddedAction(
        "take appropriate action (one or more of the responses the policy lists) where someone is at immediate danger or risk of harm",
        "OVH 3.4.1: 'OVH will take appropriate action which may include one or more of the following' is a duty to act of its own; each listed option (emergency_services, homelessness_referral, target_hardening, ...) is only a may, and no contract id is the duty to respond",
    ),
    "invite_future_contact": AddedAction(
        "encourage a survivor who declines help now to contact the landlord for further support when ready",
        "CKH What happens when you disclose domestic abuse to us?: 'If you do not agree to this: ... encourage you make contact with us for further support when you are ready'; no id is an invitation to come back later (encourage_consent_to_share is about sharing information)",
    ),
    "keep_survivor_informed": AddedAction(
        "tell the survivor what the landlord will do next, and keep them informed",
        "CKH What happens when you disclose domestic abuse to us?: 'We will then tell you what we are going to do next' and What you can expect from CKH: 'keep you informed'; contact_survivor is making contact and advice_and_assistance is advice, neither is telling the survivor the next steps and keeping them informed",
    ),
    "move_risk_assessment": AddedAction(
        "assess how the risk will be mitigated if a move is arranged",
        "HPG 3.8 \"an assessment of how the risk will be mitigated if a move is arranged\" is not the DASH risk_assessment with the survivor",
    ),
    "recovery_support": AddedAction(
        "relevant support to recover and live well after abuse (counselling, therapeutic and group programmes, training and employment advice)",
        "Amplius Policy details: 'When safe, support survivors to fulfil their aspirations by ensuring relevant support is provided to continue to live well'; specialist_support_referral is a DA specialist service (IDVA, outreach), not aftercare incl. training and employment advice",
    ),
    "respond_to_report": AddedAction(
        "respond to a report of domestic abuse, whoever made it (including reports made in confidence and by people not directly involved)",
        "Wolverhampton 5.0: 'will respond to all reports of domestic abuse that we receive including those made in confidence and those made by individuals not directly involved'; contact_survivor is safe contact with the survivor (encoded separately from 5.0's safe time, place or method), record_report and open_case are particular steps, and no id is the duty to act on every report",
    ),
    "safeguarding_escalation": AddedAction(
        "escalate under the local safeguarding escalation policy where another agency's actions, inaction or decisions do not adequately safeguard a child or an adult with care and support needs",
        "Wolverhampton 7.0: 'Wolverhampton Homes will ensure such situations are addressed by following the WST Safeguarding Escalation Policy'; safeguarding_children_referral and safeguarding_adults_referral are referrals into the procedures, not challenging another agency's response",
    ),
    "share_information_with_agencies": AddedAction(
        "share information about someone at risk with statutory agencies and partner organisations, as appropriate under confidentiality and information-sharing protocols",
        "Wolverhampton 3.0/7.0: 'We will appropriately share information with statutory agencies and partner organisations about individuals who may be at risk from domestic abuse' and 9.0 'a legal duty to share information with relevant agencies'; share_without_consent is only the unconsented kind, marac_referral and professionals_meeting are particular routes",
    ),
    "signpost_other_services": AddedAction(
        "signpost the survivor to other organisations better placed to help (information only: no referral, nothing shared)",
        "CKH What you can expect from CKH: 'When other organisations have more expertise to offer support we will signpost you to them'; specialist_support_referral is a referral (which CKH makes only with consent), signpost_legal_support is legal help only",
    ),
    "support_decision_to_move": AddedAction(
        "support the survivor's decision to move, discussing the options open to them",
        "Amplius Policy details (Assist survivors to find alternative accommodation): 'we will support their decision to move including discussing options'; no contract id is support for the move itself (emergency_transfer is a management move Amplius does not name, homelessness_referral is the council's service, temporary_accommodation is one option discussed)",
    ),
    "support_police_action": AddedAction(
        "support police action to bring the perpetrator to justice, and the multi-agency management of the offender (MAPPA, perpetrator panel)",
        "CKH Perpetrator Management: 'We will work to support any action the police may take to bring perpetrators to justice and support ongoing management of those offenders through a multi-agency approach'; support_police_report is helping the survivor report, enforcement_against_perpetrator is the landlord's own action",
    ),
    "support_to_remain_at_home": AddedAction(
        "help the survivor stay safely in their own home",
        "HPG 3.7 \"support victims to remain in their homes if it is safe to do so\"; target_hardening is one means of it, not the commitment itself",
    ),
    "tenancy_investigation": AddedAction(
        "investigate an allegation of domestic abuse against a tenant of the landlord",
        "Wolverhampton 5.0: 'will investigate, consider all legal remedies, and take appropriate action against any tenant or employee who perpetrates domestic abuse'; employee_investigation is the disciplinary investigation of an employee, enforcement_against_perpetrator the action that may follow, and no id is investigating a tenant",
    ),
    "treat_as_antisocial_behaviour": AddedAction(
        "deal with a domestic-abuse case as an incident of antisocial behaviour (a prohibition where the policy forbids it)",
        "OVH 2.6: 'OVH will ensure domestic abuse cases are dealt with in a different way than incidents of antisocial behaviour'; tenancy_enforcement_for_noise is one named instance only, and no id is handling the case under the ASB process",
    ),
}

#: Action ids the project added and later withdrew, with what replaced them; never to be reused.
RETIRED_ACTIONS: Mapping[str, str] = MappingProxyType({
    "police_report_without_consent": "withdrawn 2026-12: a report to the police without consent is "
    "`share_without_consent` with `recipient: police` (Amplius: approved by the Safeguarding Lead)",
})  # fmt: skip

ACTIONS: Mapping[str, str] = MappingProxyType({**_ACTIONS, **{k: v.description for k, v in _ADDED_ACTIONS.items()}})
ADDED_ACTIONS: Mapping[str, AddedAction] = MappingProxyType(_ADDED_ACTIONS)

@dataclass(frozen=True)
class Qualifier:
    """A qualifier some actions carry (`recipient`): its values, what each means, and the actions that take it.

    `any` speaks for every value: a rule with `recipient: any` applies to each recipient, and a decision entry
    with `any` is the outcome for every recipient that has no entry of its own.
    """

    name: str
    meaning: str
    values: Mapping[str, str]
    actions: tuple[str, ...]
    default: str = "any"


RECIPIENT = Qualifier(
    "recipient",
    "to whom the information goes",
    MappingProxyType({
        "police": "the police",
        "marac": "the Multi-Agency Risk Assessment Conference and the agencies at it",
        "social_services": "children's or adults' social care (the local authority's safeguarding services)",
        "agencies": "other agencies and partner organisations not named separately",
        "any": "whoever the information goes to: every recipient",
    }),
    ("share_without_consent", "share_information_with_agencies"),
)  # fmt: skip

#: The qualifiers by name; an action takes at most one of each.
QUALIFIERS: Mapping[str, Qualifier] = MappingProxyType({RECIPIENT.name: RECIPIENT})

Modality = Literal["must", "should", "may", "must_not"]
MODALITIES: tuple[str, ...] = ("must", "should", "may", "must_not")
#: Strength for merging several rules that give one action: must > should > may.
STRENGTH: Mapping[str, int] = MappingProxyType({"may": 1, "should": 2, "must": 3})
