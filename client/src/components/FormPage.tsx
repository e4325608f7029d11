import { Alert, Button, Group, Paper, Stack, Title } from "@mantine/core";
import type { FormEvent, ReactNode } from "react";

interface FormPageProps {
  title: string;
  submitLabel: string;
  submitting: boolean;
  /** A failure that belongs to no single field. */
  formError?: string | null;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  footer?: ReactNode;
}

/** The frame of every form screen: a heading, the fields, one error line, the button. */
export function FormPage({
  title,
  submitLabel,
  submitting,
  formError,
  onSubmit,
  children,
  footer,
}: FormPageProps) {
  return (
    <Paper maw={480} mx="auto" p="lg" withBorder>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {title}
          </Title>
          <FormError message={formError} />
          {children}
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
          {footer}
        </Stack>
      </form>
    </Paper>
  );
}

/** A failure that belongs to no single field; nothing when there is none. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  );
}

/** The end of a form shown in place (a dialog, a card): cancel, and save with its progress. */
export function CancelSave({
  onCancel,
  saving,
  cancelLabel,
  saveLabel,
}: {
  onCancel: () => void;
  saving: boolean;
  cancelLabel: string;
  saveLabel: string;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {cancelLabel}
      </Button>
      <Button type="submit" loading={saving}>
        {saveLabel}
      </Button>
    </Group>
  );
}

/** The frame of a screen that is not one form (a result, a confirmation): the same card and
 * heading as `FormPage`. */
export function PageCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper maw={480} mx="auto" p="lg" withBorder>
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
