"""Add MRN identifiers to patients

Copies PAT_ID from the legacy extension into Patient.identifier (system urn:oid:1.2.36.146.595.217.0.1).
"""
from fhir_migrate import Migration, client

revision = "a1b2c3"
down_revision = None


def upgrade(server: client.FhirClient) -> None:
    for patient in server.search("Patient", {"_count": "100"}):
        patient.add_identifier("urn:oid:1.2.36.146.595.217.0.1", patient.extension_value("PAT_ID"))
        server.update(patient)


def downgrade(server: client.FhirClient) -> None:
    for patient in server.search("Patient", {"identifier": "urn:oid:1.2.36.146.595.217.0.1|"}):
        patient.remove_identifier("urn:oid:1.2.36.146.595.217.0.1")
        server.update(patient)
