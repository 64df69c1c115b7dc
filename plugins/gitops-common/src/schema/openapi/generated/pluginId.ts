export const pluginId = 'gitops';
