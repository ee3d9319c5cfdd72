"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { ChainRelayer } from "@/lib/dashboard/relayers";
import { DashboardApiError, dashboardFetch } from "../api";
import type { ConfirmationContext } from "./SettlementConfirmation";
import {
  changesOf,
  draftOf,
  fieldMessage,
  type SavedSettings,
  type SettingsDraft,
  tokenKey,
} from "./settingsDraft";
import {
  type ConfirmationDraft,
  confirmationsNeeded,
  confirmationsToSend,
} from "./settlementConfirmations";

export type SettingsChain = {
  id: number;
  name: string;
  tokens: { symbol: string; name: string }[];
};

export type SettingsProblem = { param: string | null; message: string };

/**
 * The form's lifecycle, each status with what it shows: editing (with the last save's problem,
 * if any), saving, saved, or nothing to save.
 */
export type SettingsFormState =
  | { status: "editing"; problem: SettingsProblem | null }
  | { status: "saving" }
  | { status: "saved" }
  | { status: "unchanged" };

/** What each section needs to edit its fields and point at a problem with them. */
export type SettingsFields = {
  formId: string;
  draft: SettingsDraft;
  update: (change: Partial<SettingsDraft>) => void;
  canEdit: boolean;
  /** The message for the field `param` (or any of its parts, such as `allowed_origins.2`). */
  errorFor: (param: string, exact?: boolean) => string | null;
  errorId: (param: string) => string;
  describedBy: (param: string, hint?: string, exact?: boolean) => string | undefined;
};

export type SettingsFormProps = {
  initial: SavedSettings;
  chains: SettingsChain[];
  /** Each chain's gasless relayer, for the fee caps' explanation. */
  relayers: ChainRelayer[];
  /** Owners edit; members read. */
  canEdit: boolean;
  merchantId: string;
  /** The signed-in wallet: a settlement address of its own needs no confirmation. */
  signedIn: string;
  /** The deployment's origin, which a settlement address confirmation names. */
  deployment: string;
};

/** The draft, its save (only what changed is sent), and the problem the save ran into. */
export function useSettingsForm({
  initial,
  chains,
  canEdit,
  merchantId,
  signedIn,
  deployment,
}: SettingsFormProps) {
  const router = useRouter();
  const chainIds = chains.map((chain) => chain.id);
  const tokenOrder = chains.flatMap((chain) =>
    chain.tokens.map((token) => tokenKey(chain.id, token.symbol)),
  );
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(initial, chainIds));
  const [state, setState] = useState<SettingsFormState>({ status: "editing", problem: null });
  const problem = state.status === "editing" ? state.problem : null;
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [confirmationDrafts, setConfirmationDrafts] = useState<Record<string, ConfirmationDraft>>(
    {},
  );
  const needs = confirmationsNeeded(saved, draft, signedIn);
  const needKeys = needs.map((need) => need.key).join(" ");

  // Each new address to confirm gets its message, timed when it first appears.
  // biome-ignore lint/correctness/useExhaustiveDependencies: needKeys stands for needs
  useEffect(() => {
    setConfirmationDrafts((current) => {
      const missing = needs.filter((need) => !current[need.key]);
      if (missing.length === 0) return current;
      const issuedAt = new Date().toISOString();
      const added = Object.fromEntries(
        missing.map((need) => [
          need.key,
          { chainId: need.chainId ?? chains[0]!.id, issuedAt, signature: "" },
        ]),
      );
      return { ...current, ...added };
    });
  }, [needKeys]);

  // Take the keyboard (and the eye) to the field the problem is about.
  useEffect(() => {
    if (!problem) return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (field ?? formRef.current?.querySelector<HTMLElement>('[role="alert"]'))?.focus();
  }, [problem]);

  const update = (change: Partial<SettingsDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setState((current) =>
      current.status === "editing" ? current : { status: "editing", problem: null },
    );
  };

  const errorFor = (param: string, exact = false): string | null => {
    if (!problem?.param) return null;
    const matches = exact
      ? problem.param === param
      : problem.param === param || problem.param.startsWith(`${param}.`);
    return matches ? fieldMessage(problem.message) : null;
  };
  const errorId = (param: string) => `${formId}-${param.replaceAll(".", "-")}-error`;
  const describedBy = (param: string, hint?: string, exact = false) =>
    [hint, errorFor(param, exact) ? errorId(param) : undefined].filter(Boolean).join(" ") ||
    undefined;

  const save = async () => {
    const result = changesOf(saved, draft, tokenOrder);
    if ("problem" in result) {
      setState({ status: "editing", problem: result.problem });
      return;
    }
    if (Object.keys(result.changes).length === 0) {
      setState({ status: "unchanged" });
      return;
    }
    setState({ status: "saving" });
    try {
      const confirmations = confirmationsToSend(needs, confirmationDrafts);
      const { merchant } = await dashboardFetch<{ merchant: SavedSettings }>(
        "/api/dashboard/settings",
        {
          body: confirmations.length
            ? { ...result.changes, settlement_confirmations: confirmations }
            : result.changes,
        },
      );
      setSaved(merchant);
      setConfirmationDrafts({});
      setDraft(draftOf(merchant, chainIds));
      setState({ status: "saved" });
      // The header shows the store's name.
      if (result.changes.name !== undefined) router.refresh();
    } catch (caught) {
      setState({
        status: "editing",
        problem:
          caught instanceof DashboardApiError
            ? { param: caught.param, message: caught.message }
            : { param: null, message: "The settings could not be saved; try again." },
      });
    }
  };

  const fields: SettingsFields = { formId, draft, update, canEdit, errorFor, errorId, describedBy };
  const confirmation: ConfirmationContext & { needs: typeof needs } = {
    needs: canEdit ? needs : [],
    deployment,
    merchantId,
    chains,
    drafts: confirmationDrafts,
    setDraft: (key, next) => {
      setConfirmationDrafts((current) => ({ ...current, [key]: next }));
      // A new signature answers the last save's refusal of it.
      setState({ status: "editing", problem: null });
    },
  };
  return { state, problem, save, formRef, fields, tokenOrder, confirmation };
}
