// The top-level parameters each endpoint the emulator serves accepts, as the
// pinned API version defines them (the installed stripe SDK's *Params types,
// checked by tests/emulators/stripe-params.test.ts). Stripe answers any other
// name with 400 parameter_unknown, so the emulator does too; parameters it
// accepts but does not model are still ignored.
export const ACCEPTED_PARAMS: Record<string, string> = {
  "POST /v1/products":
    "active default_price_data description expand id images marketing_features metadata name package_dimensions shippable statement_descriptor tax_code tax_details type unit_label url",
  "GET /v1/products": "active created ending_before expand ids limit shippable starting_after type url",
  "GET /v1/products/:id": "expand",
  "POST /v1/products/:id":
    "active default_price description expand images marketing_features metadata name package_dimensions shippable statement_descriptor tax_code tax_details unit_label url",
  "POST /v1/prices":
    "active billing_scheme currency currency_options custom_unit_amount expand lookup_key metadata nickname product product_data recurring tax_behavior tiers tiers_mode transfer_lookup_key transform_quantity unit_amount unit_amount_decimal",
  "GET /v1/prices":
    "active created currency ending_before expand limit lookup_keys product recurring starting_after type",
  "GET /v1/prices/:id": "expand",
  "POST /v1/prices/:id": "active currency_options expand lookup_key metadata nickname tax_behavior transfer_lookup_key",
  "POST /v1/checkout/sessions":
    "adaptive_pricing after_expiration allow_promotion_codes allowed_payment_method_types automatic_tax billing_address_collection branding_settings cancel_url client_reference_id consent_collection currency custom_fields custom_text customer customer_account customer_creation customer_email customer_update discounts excluded_payment_method_types expand expires_at integration_identifier invoice_creation line_items locale managed_payments metadata mode name_collection optional_items origin_context payment_intent_data payment_method_collection payment_method_configuration payment_method_data payment_method_options permissions phone_number_collection redirect_on_completion return_url saved_payment_method_options setup_intent_data shipping_address_collection shipping_options submit_type subscription_data success_url tax_id_collection ui_mode wallet_options",
  "GET /v1/checkout/sessions":
    "created customer customer_account customer_details ending_before expand limit payment_intent payment_link starting_after status subscription",
  "GET /v1/checkout/sessions/:id": "expand",
  "GET /v1/checkout/sessions/:id/line_items": "ending_before expand limit starting_after",
  "POST /v1/checkout/sessions/:id/expire": "expand",
  "POST /v1/billing_portal/sessions":
    "after_expiration configuration customer customer_account expand flow_data locale on_behalf_of return_url",
  "POST /v1/customers":
    "address balance business_name cash_balance description email expand individual_name invoice_prefix invoice_settings metadata name next_invoice_sequence payment_method phone preferred_locales shipping source tax tax_exempt tax_id_data test_clock validate",
  "GET /v1/customers": "created email ending_before expand limit starting_after test_clock",
  "GET /v1/customers/search": "expand limit page query",
  "GET /v1/customers/:id": "expand",
  "POST /v1/customers/:id":
    "address balance business_name cash_balance default_source description email expand individual_name invoice_prefix invoice_settings metadata name next_invoice_sequence phone preferred_locales shipping source tax tax_exempt validate",
  "DELETE /v1/customers/:id": "",
  "GET /v1/invoices":
    "collection_method created customer customer_account due_date ending_before expand limit starting_after status subscription",
  "GET /v1/invoices/:id": "expand",
  "GET /v1/invoices/:id/lines": "ending_before expand limit starting_after",
  "GET /v1/events": "created delivery_success ending_before expand limit starting_after type types",
  "GET /v1/events/:id": "expand",
  "GET /v1/subscriptions":
    "automatic_tax collection_method created current_period_end current_period_start customer customer_account ending_before expand limit plan price starting_after status test_clock",
  "POST /v1/subscriptions":
    "add_invoice_items application_fee_percent automatic_tax backdate_start_date billing_cycle_anchor billing_cycle_anchor_config billing_mode billing_schedules billing_thresholds cancel_at cancel_at_period_end collection_method currency customer customer_account days_until_due default_payment_method default_source default_tax_rates description discounts expand invoice_settings items metadata off_session on_behalf_of payment_behavior payment_settings pending_invoice_item_interval proration_behavior transfer_data trial_end trial_from_plan trial_period_days trial_settings",
  "GET /v1/subscriptions/:id": "expand",
  "POST /v1/subscriptions/:id":
    "add_invoice_items application_fee_percent automatic_tax billing_cycle_anchor billing_schedules billing_thresholds cancel_at cancel_at_period_end cancellation_details collection_method days_until_due default_payment_method default_source default_tax_rates description discounts expand invoice_settings items metadata off_session on_behalf_of pause_collection payment_behavior payment_settings pending_invoice_item_interval proration_behavior proration_date transfer_data trial_end trial_from_plan trial_settings",
  "DELETE /v1/subscriptions/:id": "cancellation_details expand invoice_now prorate",
  "POST /v1/subscriptions/:id/pause": "bill_for expand invoicing_behavior type",
  "POST /v1/subscriptions/:id/resume": "billing_cycle_anchor expand payment_behavior proration_behavior proration_date",
  "GET /v1/subscription_items": "ending_before expand limit starting_after subscription",
};
