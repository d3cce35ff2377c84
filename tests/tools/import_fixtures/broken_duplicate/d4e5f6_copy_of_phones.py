# Normalise patient phone numbers to E.164
from fhir_migrate import client

revision = "d4e5f6"
down_revision = "d4e5f6"


def upgrade(server: client.FhirClient) -> None:
    for patient in server.search("Patient", {"phone:missing": "false"}):
        patient.telecom = [t.with_value(client.e164(t.value)) for t in patient.telecom]
        server.update(patient)


def downgrade(server: client.FhirClient) -> None:
    pass  # the original formatting is not kept
