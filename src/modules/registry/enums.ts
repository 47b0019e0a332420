/** Enumerations of the registry, one place each. Transfer forms and methods follow the Law on Technology Transfer 2017 (07/2017/QH14), Art. 5 and 6. */
export const ORGANIZATION_KINDS = ['research_institute', 'university', 'enterprise', 'foreign_enterprise', 'intermediary', 'government_body'] as const;
export const ORGANIZATION_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const LIFECYCLE = ['draft', 'published', 'paused', 'closed', 'expired', 'withdrawn'] as const;
export type LifecycleStatus = (typeof LIFECYCLE)[number];
export const IP_TYPES = ['patent', 'utility_solution', 'industrial_design', 'trademark', 'copyright', 'plant_variety', 'trade_secret', 'know_how'] as const;
export const IP_STATUSES = ['pending', 'granted', 'expired'] as const;
/** Art. 5: independent contract; the transfer part of an investment project, capital contribution, franchising, IP transfer, equipment sale; other lawful forms. */
export const TRANSFER_FORMS = ['independent_contract', 'investment_project', 'capital_contribution', 'franchising', 'ip_transfer', 'equipment_sale', 'other'] as const;
/** Art. 6: documents; training; expert assistance; machinery and equipment with the technology; other methods. */
export const TRANSFER_METHODS = ['documents', 'training', 'expert_assistance', 'equipment', 'other'] as const;
export const DEAL_TYPES = ['licence_exclusive', 'licence_non_exclusive', 'sale', 'joint_venture', 'rd_cooperation', 'technical_assistance', 'equipment_supply', 'consulting'] as const;
export const REGULATORY_CLASSES = ['encouraged', 'normal', 'restricted', 'prohibited'] as const;
export const ORIGIN_PREFERENCES = ['domestic', 'foreign', 'any'] as const;
export const FUNDING_SOURCES = ['own_funds', 'bank_loan', 'national_innovation_fund', 'state_programme', 'provincial_programme', 'other'] as const;
export const URGENCY = ['low', 'medium', 'high'] as const;
export const ACADEMIC_TITLES = ['professor', 'associate_professor', 'doctor', 'master', 'engineer', 'other'] as const;
export const EXPERT_ROLES = ['technical_assessor', 'transfer_consultant', 'ip_valuation', 'legal', 'financial', 'sector_specialist', 'interpreter'] as const;
export const SPOKEN_LANGUAGES = ['vi', 'en', 'ko', 'ja', 'zh', 'fr', 'de', 'ru'] as const;
export const LANGUAGE_LEVELS = ['native', 'fluent', 'working', 'basic'] as const;

/** Allowed lifecycle moves; anything else is a 409. Expired → published is a renewal (with a new validUntil). */
export const TRANSITIONS: Record<LifecycleStatus, readonly LifecycleStatus[]> = {
  draft: ['published', 'withdrawn'],
  published: ['paused', 'closed', 'withdrawn', 'expired'],
  paused: ['published', 'closed', 'withdrawn'],
  expired: ['published', 'closed', 'withdrawn'],
  closed: [],
  withdrawn: [],
};
