// SPDX-License-Identifier: MIT
#pragma once
/// The FHIR store (link `migrate::fhir`): the state store, the session code migrations receive, and the client
/// layer beneath them — HTTP, the REST API, bundles, bulk helpers, errors.

#include <migrate/fhir/auth.hpp>
#include <migrate/fhir/bulk.hpp>
#include <migrate/fhir/bundle.hpp>
#include <migrate/fhir/client.hpp>
#include <migrate/fhir/errors.hpp>
#include <migrate/fhir/http_client.hpp>
#include <migrate/fhir/redact.hpp>
#include <migrate/fhir/session.hpp>
#include <migrate/fhir/smart_auth.hpp>
#include <migrate/fhir/store.hpp>
